using System.CommandLine;
using SolWatch.ConsoleCapture.Cli.Consoles;
using SolWatch.ConsoleCapture.Cli.Fleet;
using SolWatch.ConsoleCapture.Cli.Incidents;
using SolWatch.ConsoleCapture.Cli.Kdump;
using SolWatch.ConsoleCapture.Cli.Power;
using SolWatch.ConsoleCapture.Cli.Run;
using SolWatch.ConsoleCapture.Cli.Scan;
using SolWatch.ConsoleCapture.Cli.Tail;

namespace SolWatch.ConsoleCapture.Cli;

/// <summary>The <c>solwatch</c> command tree. Each verb lives in its own folder under Cli/.</summary>
internal static class SolwatchCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "SolWatch keeps the console witness of dying Linux kernels: it watches consoles, detects crashes and stores them as incidents.");
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(KdumpCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(Reload.ReloadCommand.Create());
        root.Subcommands.Add(ConfigCheck.ConfigCommand.Create());
        root.Subcommands.Add(IncidentsCommand.Create());
        root.Subcommands.Add(ConsolesCommand.Create());
        root.Subcommands.Add(Health.HealthCommand.Create());
        root.Subcommands.Add(Alerts.AlertsCommand.Create());
        root.Subcommands.Add(TailCommand.Create());
        root.Subcommands.Add(Transcript.TranscriptCommand.Create());
        root.Subcommands.Add(FleetCommand.Create());
        root.Subcommands.Add(Db.DbCommand.Create());
        root.Subcommands.Add(SshFingerprint.SshFingerprintCommand.Create());
        root.Subcommands.Add(PowerCommand.Create());
        root.Subcommands.Add(Web.WebCommand.Create());
        foreach (Command control in Control.ControlCommands.Create())
        {
            root.Subcommands.Add(control);
        }
        root.Subcommands.Add(Bench.BenchCommand.Create());
        root.Subcommands.Add(Completion.CompletionCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. SIGTERM/Ctrl+C are left to the verbs: System.CommandLine's own
    /// handling would end the process 2 s after the signal, before the daemon has flushed and closed its stores.
    /// A command line that does not parse is reported by <see cref="CommandLineErrors"/> (exit 2).
    /// </summary>
    public static Task<int> InvokeAsync(string[] args)
    {
        if (ClosedStandardOutput.Refused())
        {
            return Task.FromResult(ExitCodes.Error);
        }
        ParseResult parse = Build().Parse(args);
        return CommandLineErrors.Applies(parse, args)
            ? Task.FromResult(CommandLineErrors.Report(parse, Console.Error))
            : parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
