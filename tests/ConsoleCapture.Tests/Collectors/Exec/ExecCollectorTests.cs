using SolWatch.ConsoleCapture.Collectors.Exec;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Exec;

public class ExecCollectorTests
{
    private static readonly SupervisorOptions Fast = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task Stdout_and_stderr_are_the_console_and_stdin_stays_open_for_input()
    {
        // `cat` ends at EOF on stdin, like ipmitool sol activate: it must keep running until stopped.
        using var collector = new ExecCollector(new ExecCollectorOptions(["echo to-stdout; echo to-stderr >&2; exec cat"], useShell: true));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        await sink.WaitForTextAsync("to-stdout\n");
        await sink.WaitForTextAsync("to-stderr\n");

        await collector.SendAsync("typed input\n"u8.ToArray(), CancellationToken.None);
        await sink.WaitForTextAsync("typed input\n");

        Assert.False(run.IsCompleted);
        Assert.Equal(1, sink.MaxConcurrentCalls);
        Assert.StartsWith("exec:sh pid ", Assert.Single(sink.Connects), StringComparison.Ordinal);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_command_killed_by_SIGTERM_just_before_the_daemon_stops_ends_as_a_stop_not_as_a_lost_console()
    {
        // Ctrl+C and `systemctl stop` signal the command and the daemon together; the command may die first.
        using var collector = new ExecCollector(new ExecCollectorOptions(["echo up; exec sleep 60"], useShell: true));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        await sink.WaitForTextAsync("up\n");

        Kill("TERM", PidOf(Assert.Single(sink.Connects)));
        await Task.Delay(300);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_command_killed_by_SIGTERM_from_outside_while_the_daemon_runs_is_lost_and_says_which_signal()
    {
        using var collector = new ExecCollector(new ExecCollectorOptions(["echo up; exec sleep 60"], useShell: true));
        var sink = new RecordingSink();
        Task run = collector.RunAsync(sink, CancellationToken.None);
        await sink.WaitForTextAsync("up\n");

        Kill("TERM", PidOf(Assert.Single(sink.Connects)));

        var error = await Assert.ThrowsAsync<IOException>(() => run).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("exec:sh was ended by SIGTERM from outside solwatch (exit code 143); it is started again", error.Message);
    }

    private static int PidOf(string connected) =>
        int.Parse(connected[(connected.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private static void Kill(string signal, int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    [Fact]
    public async Task A_command_that_exits_is_started_again_and_its_exit_code_is_the_error()
    {
        using var collector = new ExecCollector(new ExecCollectorOptions(["sh", "-c", "echo run; exit 3"]));
        var sink = new RecordingSink();
        var gaps = new List<ConsoleGap>();
        var supervisor = new ConsoleSupervisor(collector, sink, Fast, g => { lock (gaps) { gaps.Add(g); } });
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);

        await sink.WaitUntilAsync(s => s.Text == "run\nrun\nrun\n" || s.Connects.Count > 3, "three runs");
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.StartsWith("run\nrun\nrun\n", sink.Text, StringComparison.Ordinal);
        Assert.Contains("exec:sh exited with code 3", supervisor.Status.LastError, StringComparison.Ordinal);
        lock (gaps)
        {
            Assert.True(gaps.Count >= 2);
        }
    }

    [Fact]
    public async Task Stopping_kills_the_whole_process_tree()
    {
        using var collector = new ExecCollector(new ExecCollectorOptions(["sleep 300 & echo child=$!; wait"], useShell: true));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        await sink.WaitUntilAsync(s => s.Text.EndsWith('\n'), "the child's pid");
        int child = int.Parse(sink.Text.Trim()["child=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(IsAlive(child));

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(20));

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (IsAlive(child))
        {
            await Task.Delay(50, wait.Token);
        }
    }

    [Fact]
    public async Task A_missing_program_fails_with_a_message_that_says_what_to_check()
    {
        using var collector = new ExecCollector(new ExecCollectorOptions(["/nonexistent/ipmitool", "sol", "activate"]));

        var ex = await Assert.ThrowsAsync<IOException>(() => collector.RunAsync(new RecordingSink(), CancellationToken.None));
        Assert.Contains("check the program path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shell_mode_takes_one_command_line_and_the_endpoint_never_shows_arguments()
    {
        Assert.Throws<ArgumentException>(() => new ExecCollectorOptions(["echo", "x"], useShell: true));
        Assert.Throws<ArgumentException>(() => new ExecCollectorOptions([]));
        using var collector = new ExecCollector(new ExecCollectorOptions(["/usr/bin/ipmitool", "-P", "secret", "sol", "activate"]));
        Assert.Equal("exec:ipmitool", collector.Endpoint);
    }

    /// <summary>Alive = exists and is not a zombie (this sandbox's PID 1 reaps orphans late).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
