using System.Diagnostics;
using SolWatch.ConsoleCapture.Kdump;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Kdump;

/// <summary>
/// The listing command of the dump directory, run by a real shell with the GNU tools of this machine and with busybox's
/// (no <c>find -printf</c>), as a kdump host would run it: both give every dmesg file with its time.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RemoteCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-remote-commands-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DumpDirectory()
    {
        string dumps = Path.Combine(_dir, "var crash's");
        string rhel = Directory.CreateDirectory(Path.Combine(dumps, "127.0.0.1-2026-12-05-04:10:11")).FullName;
        string debian = Directory.CreateDirectory(Path.Combine(dumps, "202612050410")).FullName;
        File.WriteAllText(Path.Combine(rhel, "vmcore-dmesg.txt"), "[    8.773216] Kernel panic - not syncing: sysrq triggered crash\n");
        File.WriteAllText(Path.Combine(rhel, "vmcore"), "KDUMP");
        File.WriteAllText(Path.Combine(debian, "dmesg.202612050410"), "[    8.773216] Kernel panic\n");
        File.SetLastWriteTimeUtc(Path.Combine(debian, "dmesg.202612050410"), new DateTime(2026, 12, 5, 4, 12, 0, DateTimeKind.Utc));
        return dumps;
    }

    [Fact]
    public void The_dmesg_listing_gives_each_file_and_its_time_with_gnu_find()
    {
        string dumps = DumpDirectory();
        (double Mtime, string Path)[] files = [.. VmcoreDmesgFetcher.Parse(Run(RemoteCommands.ListDmesgFiles(dumps), path: null))];
        AssertListed(dumps, files);
    }

    [PeerFact("/usr/bin/busybox")]
    public void The_dmesg_listing_gives_each_file_and_its_time_on_a_busybox_host_whose_find_has_no_printf()
    {
        string dumps = DumpDirectory();
        string bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        foreach (string tool in (string[])["find", "stat", "head", "sh"])
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), "/usr/bin/busybox");
        }
        Assert.NotEqual(0, RunStatus($"find {RemoteCommands.Quote(dumps)} -printf x", bin)); // the premise: no -printf
        (double Mtime, string Path)[] files = [.. VmcoreDmesgFetcher.Parse(Run(RemoteCommands.ListDmesgFiles(dumps), bin))];
        AssertListed(dumps, files);
    }

    private static void AssertListed(string dumps, (double Mtime, string Path)[] files)
    {
        Assert.Equal(
            [$"{dumps}/127.0.0.1-2026-12-05-04:10:11/vmcore-dmesg.txt", $"{dumps}/202612050410/dmesg.202612050410"],
            files.Select(f => f.Path.Replace("//", "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        double debian = files.Single(f => f.Path.EndsWith("dmesg.202612050410", StringComparison.Ordinal)).Mtime;
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 4, 12, 0, TimeSpan.Zero).ToUnixTimeSeconds(), (long)debian);
    }

    private static string Run(string command, string? path)
    {
        (int status, string output) = Start(command, path);
        Assert.True(status == 0, $"exit {status}: {output}");
        return output;
    }

    private static int RunStatus(string command, string path) => Start(command, path).Status;

    private static (int Status, string Output) Start(string command, string? path)
    {
        var start = new ProcessStartInfo(path is null ? "/bin/sh" : Path.Combine(path, "sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
