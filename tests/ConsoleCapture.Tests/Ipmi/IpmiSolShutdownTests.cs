using System.Globalization;
using System.Net;
using Serilog;
using Serilog.Events;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// What arrives for a console while it is being closed (the daemon stopping, a console removed) is dropped quietly:
/// at most Debug, never an Error from the receive loop nor an exception, nothing delivered once the console closed.
/// </summary>
public sealed class IpmiSolShutdownTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private sealed class ListSink(List<LogEvent> events) : Serilog.Core.ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (events)
            {
                events.Add(logEvent);
            }
        }
    }

    private static string Above(List<LogEvent> events, LogEventLevel level)
    {
        lock (events)
        {
            return string.Join("; ", events.Where(e => e.Level > level).Select(e => $"{e.Level}: {e.RenderMessage(CultureInfo.InvariantCulture)} {e.Exception?.GetType().Name}"));
        }
    }

    [Fact]
    public async Task Stopping_the_collector_logs_nothing_above_debug_while_the_bmc_answers_its_deactivation_and_keeps_sending()
    {
        var events = new List<LogEvent>();
        ILogger log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new ListSink(events)).CreateLogger();
        // The BMC answers our own Deactivate Payload with a "SOL deactivating" status first, as the spec lets it.
        using var bmc = new FakeBmc { SolDeactivatingOnDeactivate = true };
        using var endpoint = new RmcpEndpoint(0, log);
        var collector = new IpmiSolCollector(new IpmiSolOptions { Session = bmc.Options(17), Keepalive = TimeSpan.FromSeconds(15) }, endpoint, log);
        using var cts = new CancellationTokenSource();
        var sink = new RecordingSink();
        Task run = collector.RunAsync(sink, cts.Token);
        await sink.Connected.WaitAsync(Generous);
        FakeBmc.Session s = bmc.Sessions.Single(x => x.SolActive);
        s.SendSol([1, 0, 0, 0, .. "up;"u8]);
        await sink.WaitForAsync("up;", Generous, run);

        // console output keeps coming while the collector stops, and for a while after (its session then is gone)
        Task chatter = Task.Run(async () =>
        {
            for (int i = 0; !run.IsCompleted || i < 200; i++)
            {
                s.SendSol([(byte)(2 + (i % 14)), 0, 0, 0, .. "more;"u8]);
                await Task.Yield();
            }
        });
        await cts.CancelAsync();
        await run.WaitAsync(Generous);
        await chatter.WaitAsync(Generous);
        await Task.Delay(200); // the last datagrams reach the endpoint and are dropped there

        Assert.Equal("", Above(events, LogEventLevel.Debug));
        Assert.Equal(0, endpoint.SessionCount);
    }

    [Fact]
    public async Task A_sol_packet_for_a_closing_session_is_not_handed_on()
    {
        using var bmc = new FakeBmc
        {
            // console output that crosses our Close Session: it arrives while the session waits for the reply
            BeforeCloseSessionReply = s => s.SendSol([9, 0, 0, 0, .. "after close;"u8]),
        };
        using var endpoint = new RmcpEndpoint();
        IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17), endpoint);
        var sink = new RecordingSink();
        using var sol = new SolConnection(session, sink, new IpmiSolOptions { Session = bmc.Options(17), Keepalive = TimeSpan.FromMinutes(5) }, Log.Logger);
        await sol.ActivateAsync(CancellationToken.None);
        FakeBmc.Session s = bmc.Sessions.Single(x => x.SolActive);
        s.SendSol([1, 0, 0, 0, .. "before;"u8]);
        await sink.WaitForAsync("before;", Generous, sol.Completion);

        await session.DisposeAsync(); // the session closes first: its SOL handler must not see what comes meanwhile

        Assert.Equal("before;", sink.Text);
        Assert.Equal(0, endpoint.SessionCount);
    }

    [Fact]
    public async Task A_sol_payload_handed_on_after_the_console_and_its_session_closed_is_dropped_without_an_exception()
    {
        using var bmc = new FakeBmc();
        using var endpoint = new RmcpEndpoint();
        IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17), endpoint);
        var sink = new RecordingSink();
        var sol = new SolConnection(session, sink, new IpmiSolOptions { Session = bmc.Options(17), Keepalive = TimeSpan.FromMinutes(5) }, Log.Logger);
        await sol.ActivateAsync(CancellationToken.None);
        bmc.Sessions.Single(x => x.SolActive).SendSol([1, 0, 0, 0, .. "before;"u8]);
        await sink.WaitForAsync("before;", Generous, sol.Completion);

        sol.Dispose();
        await session.DisposeAsync();
        // what the receive loop does when it took the SOL handler just before the console closed and calls it after
        sol.OnSolPayload([2, 0, 0, 0, .. "late;"u8]);
        sol.OnSolPayload([0, 0, 0, 0x10]); // "deactivating" as well

        Assert.Equal("before;", sink.Text);
    }

    /// <summary>Holds the thread that logs a warning until the test lets it go: a failure caught half-way.</summary>
    private sealed class WarningGate : Serilog.Core.ILogEventSink
    {
        public SemaphoreSlim Warned { get; } = new(0);
        public ManualResetEventSlim Release { get; } = new();

        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Level == LogEventLevel.Warning)
            {
                Warned.Release();
                Release.Wait(Generous);
            }
        }
    }

    [Fact]
    public async Task A_console_closed_while_its_retransmit_timer_is_failing_it_stops_once_without_an_exception()
    {
        using var bmc = new FakeBmc { OnSolData = (_, _) => null }; // the BMC goes silent on SOL
        using var endpoint = new RmcpEndpoint();
        IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17), endpoint);
        var gate = new WarningGate();
        using var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(gate).CreateLogger();
        var options = new IpmiSolOptions
        {
            Session = bmc.Options(17),
            Keepalive = TimeSpan.FromMinutes(5),
            RetransmitTimeout = TimeSpan.FromMilliseconds(20),
            RetransmitLimit = 0,
        };
        var sol = new SolConnection(session, new RecordingSink(), options, log);
        await sol.ActivateAsync(CancellationToken.None);
        Task send = sol.SendAsync("lost"u8.ToArray(), isBreak: false);

        // the timer's thread has failed the console and is about to stop it; the collector closes it meanwhile
        Assert.True(await gate.Warned.WaitAsync(Generous));
        sol.Dispose();
        gate.Release.Set();

        // before: the timer's thread went on to cancel a disposed token source, an unhandled exception that ended the process
        var e = await Assert.ThrowsAsync<IpmiSessionLostException>(() => sol.Completion.WaitAsync(Generous));
        Assert.Contains("stopped acknowledging SOL data", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IpmiSessionLostException>(() => send.WaitAsync(Generous));
        await sol.Delivered.WaitAsync(Generous);
        await session.DisposeAsync();
    }

    [Fact]
    public void A_send_on_a_closed_endpoint_is_dropped_like_a_lost_packet()
    {
        var endpoint = new RmcpEndpoint();
        endpoint.Dispose();

        // before: ObjectDisposedException, an Error on the receive loop (SOL ACK) or a crash on a retransmit timer
        endpoint.Send([0x06, 0x00, 0xFF, 0x07], new IPEndPoint(IPAddress.Loopback, 9));
    }
}
