using System.Globalization;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Collectors.Exec;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Exec;

/// <summary>
/// A real daemon killed without its shutdown leaves its exec console's command running; the next daemon ends it before
/// it starts its own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(RunAloneWithLeftovers.Name)]
public sealed class LeftoverCommandsDaemonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-leftover-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_command_a_killed_daemon_left_running_is_ended_by_the_next_daemon_which_then_starts_its_own()
    {
        string config = await TestDaemon.WriteConfigAsync(_dir, """
              - name: held
                type: exec
                command: [sleep, "600"]
            """);
        string database = TestDaemon.Database(_dir);

        int left;
        using (SolwatchProcess first = await TestDaemon.StartAsync(config, database))
        {
            left = await CommandOfAsync(first);
            first.Signal("KILL");
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        await Task.Delay(500);
        Assert.True(LinuxProcess.Runs(left), "the command should outlive the killed daemon (else this test shows nothing)");
        File.Delete(SolWatch.ConsoleCapture.Config.DataPaths.TokenFileFor(database));

        using SolwatchProcess second = await TestDaemon.StartAsync(config, database);
        int started = await CommandOfAsync(second);

        Assert.False(LinuxProcess.Runs(left), $"the left command (pid {left}) still runs: {second.Stdout}");
        Assert.NotEqual(left, started);
        // The log line was written before the consoles started; its pipe is read on the test's own time.
        string said = $"Ending sleep (pid {left.ToString(CultureInfo.InvariantCulture)})";
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (!second.Stdout.Contains(said, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Contains(said, second.Stdout, StringComparison.Ordinal);
    }

    // The pid of the `sleep` the daemon started (its owner mark names the daemon), once it runs.
    private static async Task<int> CommandOfAsync(SolwatchProcess daemon)
    {
        string mark = ExecOwner.Mark(daemon.Pid) ?? throw new InvalidOperationException("the daemon's start time cannot be read");
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(daemon.HasExited, $"the daemon exited: {daemon.Stdout}\n{daemon.Stderr}");
            foreach (string dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && LinuxProcess.Runs(pid)
                    && Environ(pid).Contains($"{ExecOwner.Variable}={mark}")
                    && File.ReadAllText(Path.Combine(dir, "cmdline")).StartsWith("sleep\0", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the daemon started no command: {daemon.Stdout}");
    }

    private static string[] Environ(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
