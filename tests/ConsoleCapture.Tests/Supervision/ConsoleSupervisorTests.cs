using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;

namespace SolWatch.ConsoleCapture.Tests.Supervision;

public class ConsoleSupervisorTests
{
    private static readonly SupervisorOptions Fast = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), 2.0, 0.2, TimeSpan.FromHours(1));

    [Fact]
    public async Task A_lost_console_is_reconnected_and_each_outage_is_one_gap()
    {
        var collector = new ScriptedCollector(
            ScriptedCollector.ConnectSendAndFail("one\n", "cable pulled"),
            ScriptedCollector.Fail("still down"),
            ScriptedCollector.Fail("still down"),
            ScriptedCollector.ConnectSendAndClose("two\n"),
            ScriptedCollector.ConnectSendAndClose("three\n"));
        var sink = new RecordingSink();
        var gaps = new List<ConsoleGap>();
        var supervisor = new ConsoleSupervisor(collector, sink, Fast, g => { lock (gaps) { gaps.Add(g); } });
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);

        await sink.WaitForTextAsync("three\n");
        await WaitForAsync(() => collector.Runs >= 6);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("one\ntwo\nthree\n", sink.Text);
        Assert.Equal(["cable pulled", "peer closed the console", "peer closed the console"], gaps.Select(g => g.Reason));
        ConsoleStatus status = supervisor.Status;
        Assert.Equal(ConsoleState.Stopped, status.State);
        Assert.Equal(3, status.Connects);
        Assert.Equal(14, status.Bytes);
        Assert.Equal("still down", status.LastError);
        Assert.NotNull(status.LastDataAt);
    }

    [Fact]
    public async Task What_a_collector_says_it_waits_for_while_connecting_is_announced_as_a_status_change()
    {
        // The daemon's console session keeps the snapshots StatusChanged hands it: a reason within the same state must
        // reach it, or `solwatch consoles` shows no detail.
        var supervisor = new ConsoleSupervisor(new WaitingCollector(), new RecordingSink(), Fast, _ => { });
        var seen = new List<ConsoleStatus>();
        supervisor.StatusChanged += s => { lock (seen) { seen.Add(s); } };
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);

        await WaitForAsync(() => { lock (seen) { return seen.Any(s => s.Why == WaitingCollector.Why); } });
        ConsoleStatus waiting;
        lock (seen)
        {
            waiting = seen.First(s => s.Why == WaitingCollector.Why);
        }
        Assert.Equal(ConsoleState.Connecting, waiting.State);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class WaitingCollector : SolWatch.ConsoleCapture.Collectors.IConsoleCollector
    {
        public const string Why = "waiting for the file to be created";

        public string Endpoint => "file /nowhere";

        public async Task RunAsync(SolWatch.ConsoleCapture.Collectors.IConsoleSink sink, CancellationToken cancellationToken)
        {
            sink.OnWaiting(Why);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    [Fact]
    public async Task A_console_that_never_connects_backs_off_without_reporting_gaps_and_stops_on_cancellation()
    {
        var collector = new ScriptedCollector(Enumerable.Repeat(ScriptedCollector.Fail("connection refused"), 1000).ToArray());
        var gaps = new List<ConsoleGap>();
        var states = new List<ConsoleState>();
        var supervisor = new ConsoleSupervisor(collector, new RecordingSink(), Fast, gaps.Add);
        supervisor.StatusChanged += s => { lock (states) { states.Add(s.State); } };
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);

        await WaitForAsync(() => collector.Runs >= 4);
        ConsoleStatus backingOff = await WaitForStatusAsync(supervisor, ConsoleState.BackingOff);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(gaps);
        Assert.Equal("connection refused", backingOff.Why);
        Assert.NotNull(backingOff.BackoffUntil);
        Assert.Equal(0, supervisor.Status.Connects);
        Assert.Equal(ConsoleState.Stopped, supervisor.Status.State);
        lock (states)
        {
            Assert.Equal([ConsoleState.BackingOff, ConsoleState.Connecting], states.Take(2));
            Assert.Equal(ConsoleState.Stopped, states[^1]);
        }
    }

    [Fact]
    public async Task Stopping_a_connected_console_returns_without_a_gap()
    {
        var collector = new ScriptedCollector((sink, ct) =>
        {
            sink.OnConnected("fake");
            return Task.Delay(Timeout.Infinite, ct);
        });
        var gaps = new List<ConsoleGap>();
        var supervisor = new ConsoleSupervisor(collector, new RecordingSink(), Fast, gaps.Add);
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);
        await WaitForStatusAsync(supervisor, ConsoleState.Connected);

        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(gaps);
        Assert.Equal(ConsoleState.Stopped, supervisor.Status.State);
        Assert.Equal(1, supervisor.Status.Connects);
    }

    [Fact]
    public async Task The_backoff_grows_with_each_failure_and_starts_over_after_a_healthy_connection()
    {
        var clock = new ManualClock();
        Func<SolWatch.ConsoleCapture.Collectors.IConsoleSink, CancellationToken, Task> connectThenFail(TimeSpan upFor) => (sink, _) =>
        {
            sink.OnConnected("fake");
            clock.Advance(upFor);
            return Task.FromException(new IOException("dropped"));
        };
        var collector = new ScriptedCollector(
            ScriptedCollector.Fail("refused"),
            ScriptedCollector.Fail("refused"),
            connectThenFail(TimeSpan.FromSeconds(1)),      // short-lived: not healthy
            connectThenFail(TimeSpan.FromHours(2)),        // healthy: the next delay starts over
            ScriptedCollector.Fail("refused"));
        var options = new SupervisorOptions(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), 2.0, jitter: 0.0, healthyAfter: TimeSpan.FromHours(1));
        var delays = new List<double>();
        var supervisor = new ConsoleSupervisor(collector, new RecordingSink(), options, _ => { }, clock);
        supervisor.StatusChanged += s =>
        {
            if (s.State == ConsoleState.BackingOff)
            {
                lock (delays)
                {
                    delays.Add((s.BackoffUntil!.Value - s.Since).TotalMilliseconds);
                }
            }
        };
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);

        await WaitForAsync(() => collector.Runs >= 6);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        lock (delays)
        {
            Assert.Equal([10, 20, 40, 10, 20], delays);
        }
    }

    /// <summary>A clock that a test moves by hand; timers stay real (the delays in these tests are milliseconds).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, cts.Token);
        }
    }

    private static async Task<ConsoleStatus> WaitForStatusAsync(ConsoleSupervisor supervisor, ConsoleState state)
    {
        ConsoleStatus s = supervisor.Status;
        await WaitForAsync(() => (s = supervisor.Status).State == state);
        return s;
    }
}
