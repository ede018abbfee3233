using System.Text;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// The endpoint's receive loop serves every IPMI console and sends their ACKs; what a console's sink does with the
/// bytes (framing, detection) happens on that console's own reader (<see cref="SolDelivery"/>), so a slow console never
/// makes another console's ACKs late, and a sink far behind makes the BMC wait, not our memory grow.
/// </summary>
public sealed class SolDeliveryTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>A sink that takes nothing until released, like a detector stalled on one console.</summary>
    private sealed class StuckSink : IConsoleSink, IDisposable
    {
        private readonly ManualResetEventSlim released = new();

        public RecordingSink Inner { get; } = new();

        public void Release() => released.Set();

        public void OnConnected(string detail) => Inner.OnConnected(detail);

        public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt)
        {
            released.Wait();
            Inner.OnBytes(bytes, receivedAt);
        }

        public void Dispose() => released.Dispose();
    }

    private static bool IsAckOf(byte[] payload, int sequence) =>
        payload.Length == 4 && payload[0] == 0 && payload[1] == sequence;

    [Fact]
    public async Task A_console_whose_sink_is_stuck_does_not_delay_another_consoles_acks_or_data_on_the_same_endpoint()
    {
        // two BMCs (one SOL console each) served by one endpoint, as the daemon serves all its IPMI consoles
        using var slowBmc = new FakeBmc();
        using var quickBmc = new FakeBmc();
        using var endpoint = new RmcpEndpoint();
        await using IpmiSession slowSession = await IpmiSession.OpenAsync(slowBmc.Options(17), endpoint);
        await using IpmiSession quickSession = await IpmiSession.OpenAsync(quickBmc.Options(17), endpoint);
        using var stuck = new StuckSink();
        var quick = new RecordingSink();
        using var slowSol = new SolConnection(slowSession, stuck, new IpmiSolOptions { Session = slowBmc.Options(17), Keepalive = TimeSpan.FromMinutes(5) }, Serilog.Log.Logger);
        using var quickSol = new SolConnection(quickSession, quick, new IpmiSolOptions { Session = quickBmc.Options(17), Keepalive = TimeSpan.FromMinutes(5) }, Serilog.Log.Logger);
        await slowSol.ActivateAsync(CancellationToken.None);
        await quickSol.ActivateAsync(CancellationToken.None);
        FakeBmc.Session slow = slowBmc.Sessions.Single(x => x.SolActive);
        FakeBmc.Session fast = quickBmc.Sessions.Single(x => x.SolActive);

        slow.SendSol([1, 0, 0, 0, .. "stalls the detector;"u8]);
        for (int i = 0; i < 20; i++)
        {
            fast.SendSol([(byte)(1 + (i % 15)), 0, 0, 0, .. Encoding.ASCII.GetBytes($"line {i};")]);
        }

        await quick.WaitForAsync("line 19;", Generous, quickSol.Completion);
        Assert.Equal(string.Concat(Enumerable.Range(0, 20).Select(i => $"line {i};")), quick.Text);
        // The stuck console's packet is acknowledged while its sink is still stuck. Waited for, not asserted at once: the
        // fake BMC's receiving thread records the ACK on its own time, which a loaded machine delays past the other
        // console's twenty lines (seen at load 11).
        await WaitUntilAsync(() => slow.SolReceived.Any(p => IsAckOf(p, 1)));
        Assert.Equal("", stuck.Inner.Text);

        stuck.Release();
        await stuck.Inner.WaitForAsync("stalls the detector;", Generous, slowSol.Completion);
    }

    [Fact]
    public async Task When_a_mebibyte_waits_for_the_sink_a_packet_is_left_unacknowledged_and_its_resend_is_delivered_once_after_the_sink_catches_up()
    {
        using var bmc = new FakeBmc();
        using var endpoint = new RmcpEndpoint();
        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17), endpoint);
        using var stuck = new StuckSink();
        using var sol = new SolConnection(session, stuck, new IpmiSolOptions { Session = bmc.Options(17), Keepalive = TimeSpan.FromMinutes(5) }, Serilog.Log.Logger);
        await sol.ActivateAsync(CancellationToken.None);
        FakeBmc.Session s = bmc.Sessions.Single(x => x.SolActive);
        var refusals = new System.Collections.Concurrent.ConcurrentBag<(string? Bmc, long Count)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "solwatch.ipmi.sol.packets.refused")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "bmc")
                {
                    refusals.Add((tag.Value as string, value));
                }
            }
        });
        listener.Start();

        // Full packets, each ACKed before the next is sent (stop-and-wait, as a BMC does), until one is not.
        int packets = (SolDelivery.Limit / 255) + 2;
        int refusedAt = -1;
        var expected = new StringBuilder();
        for (int i = 0; i < packets && refusedAt < 0; i++)
        {
            int sequence = 1 + (i % 15);
            byte[] data = Encoding.ASCII.GetBytes($"{i:D6}".PadRight(255, (char)('a' + (i % 26))));
            int answers = s.SolReceived.Count;
            s.SendSol([(byte)sequence, 0, 0, 0, .. data]);
            // the console's answer: an ACK at once or, once a MiB waits, nothing (a BMC would resend in a second)
            if (!AnswerWithin(() => s.SolReceived.Count > answers, TimeSpan.FromSeconds(2)))
            {
                refusedAt = i;
                Assert.True(i * 255 > SolDelivery.Limit - 255, $"packet {i} refused with only {i * 255} bytes waiting");
                stuck.Release();
                await WaitUntilAsync(() => stuck.Inner.Text.Length == expected.Length);
                s.SendSol([(byte)sequence, 0, 0, 0, .. data]); // the BMC's resend
                await WaitUntilAsync(() => s.SolReceived.Any(p => IsAckOf(p, sequence) && p[2] == 255));
            }
            expected.Append(Encoding.ASCII.GetString(data));
        }

        Assert.True(refusedAt > 0, "no packet was refused: the queue is unbounded");
        Assert.Equal(1, sol.Refused);
        Assert.Contains(refusals, r => r.Bmc == session.Endpoint && r.Count == 1);
        await WaitUntilAsync(() => stuck.Inner.Text.Length == expected.Length);
        Assert.Equal(expected.ToString(), stuck.Inner.Text);
    }

    private static bool AnswerWithin(Func<bool> condition, TimeSpan patience)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var spin = new SpinWait();
        while (!condition())
        {
            if (clock.Elapsed > patience)
            {
                return false;
            }
            spin.SpinOnce();
        }
        return true;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + Generous;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
