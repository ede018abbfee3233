using System.CommandLine;
using SolWatch.ConsoleCapture.Cli.Power;
using SolWatch.ConsoleCapture.Cli.Scan;

namespace SolWatch.ConsoleCapture.Cli;

/// <summary>The <c>solwatch</c> command tree. Each verb lives in its own folder under Cli/.</summary>
internal static class SolwatchCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "SolWatch keeps the console witness of dying Linux kernels: it watches consoles, detects crashes and stores them as incidents.");
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(SshFingerprint.SshFingerprintCommand.Create());
        root.Subcommands.Add(PowerCommand.Create());
        root.Subcommands.Add(Bench.BenchCommand.Create());
        return root;
    }
}
