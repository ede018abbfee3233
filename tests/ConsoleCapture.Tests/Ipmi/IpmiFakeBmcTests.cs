using System.Text;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>Protocol behaviour that ipmi_sim cannot produce on demand, against <see cref="FakeBmc"/>.</summary>
public sealed class IpmiFakeBmcTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static IpmiSolOptions SolOptions(FakeBmc bmc) => new()
    {
        Session = bmc.Options(),
        Keepalive = TimeSpan.FromSeconds(5),
        RetransmitTimeout = TimeSpan.FromMilliseconds(200),
        RetransmitLimit = 3,
        NackPause = TimeSpan.FromSeconds(5),
    };

    private static async Task<(Task Run, RecordingSink Sink, FakeBmc.Session Session)> ConnectAsync(IpmiSolCollector collector, FakeBmc bmc, CancellationToken ct)
    {
        var sink = new RecordingSink();
        Task run = collector.RunAsync(sink, ct);
        await sink.Connected.WaitAsync(Generous, CancellationToken.None);
        return (run, sink, bmc.Sessions.Single(s => s.SolActive));
    }

    [Fact]
    public async Task Suite_17_is_preferred_when_the_bmc_offers_it()
    {
        using var bmc = new FakeBmc();
        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17, 3));

        Assert.Equal(17, session.Suite.Id);
        Assert.Equal(0, (await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None)).CompletionCode);
    }

    [Fact]
    public async Task Without_suite_17_on_the_bmc_the_session_falls_back_to_suite_3()
    {
        using var bmc = new FakeBmc { RefusedSuites = new HashSet<int> { 17 } };
        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17, 3));

        Assert.Equal(3, session.Suite.Id);
    }

    [Fact]
    public async Task No_rakp3_proof_is_sent_after_a_failed_rakp2_check()
    {
        using var bmc = new FakeBmc { Password = "the-real-one" };

        var e = await Assert.ThrowsAsync<IpmiAuthenticationException>(() => IpmiSession.OpenAsync(bmc.Options(17)));

        Assert.Equal("BMC 127.0.0.1 rejected the password for user admin (RAKP2 HMAC mismatch)", e.Message);
        await Task.Delay(200); // the "giving up" RAKP3 is sent without waiting for an answer
        byte[] rakp3 = Assert.Single(bmc.Rakp3Received);
        Assert.Equal(0x0F, rakp3[1]);
        Assert.Equal(8, rakp3.Length); // status only, no authentication code
    }

    [Fact]
    public async Task A_bmc_that_answers_with_weaker_algorithms_is_refused()
    {
        using var bmc = new FakeBmc { AnswerSuite = CipherSuite.Suite0 };

        var e = await Assert.ThrowsAsync<IpmiException>(() => IpmiSession.OpenAsync(bmc.Options(3)));

        Assert.Contains("instead of cipher suite 3's; refused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partial_ack_makes_the_rest_go_out_in_a_new_packet()
    {
        using var bmc = new FakeBmc();
        int calls = 0;
        bmc.OnSolData = (_, p) => Interlocked.Increment(ref calls) == 1
            ? [0, p[0], 10, 0]                       // first packet: only 10 characters taken
            : [0, p[0], (byte)(p.Length - 4), 0];
        var collector = new IpmiSolCollector(SolOptions(bmc));
        using var cts = new CancellationTokenSource();
        (Task run, _, FakeBmc.Session s) = await ConnectAsync(collector, bmc, cts.Token);

        string typed = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"; // 46 characters, 32 per packet
        await collector.SendAsync(Encoding.ASCII.GetBytes(typed), CancellationToken.None).AsTask().WaitAsync(Generous);

        Assert.Equal(typed, s.Typed.ToString());
        byte[][] data = s.SolReceived.Where(p => p.Length > 4).ToArray();
        Assert.Equal(["0123456789abcdefghijklmnopqrstuv", "abcdefghijklmnopqrstuvwxyzABCDEF", "GHIJ"], data.Select(p => Encoding.ASCII.GetString(p, 4, p.Length - 4)));
        Assert.Equal(3, data.Select(p => p[0]).Distinct().Count()); // each a new sequence number
        await cts.CancelAsync();
        await run.WaitAsync(Generous);
    }

    [Fact]
    public async Task After_a_nack_sending_pauses_until_the_bmc_says_it_is_ready()
    {
        using var bmc = new FakeBmc();
        int calls = 0;
        bmc.OnSolData = (_, p) => Interlocked.Increment(ref calls) == 1
            ? [0, p[0], 0, 0x40]                    // NACK: nothing taken, buffer full
            : [0, p[0], (byte)(p.Length - 4), 0];
        var collector = new IpmiSolCollector(SolOptions(bmc));
        using var cts = new CancellationTokenSource();
        (Task run, _, FakeBmc.Session s) = await ConnectAsync(collector, bmc, cts.Token);

        Task send = collector.SendAsync("paused"u8.ToArray(), CancellationToken.None).AsTask();
        await WaitUntilAsync(() => calls == 1);
        await Task.Delay(500);
        Assert.False(send.IsCompleted);
        Assert.Single(s.SolReceived, p => p.Length > 4); // no retransmission while paused

        s.SendSol(0, 0, 0, 0); // unsolicited ACK without NACK: ready again
        await send.WaitAsync(Generous);
        Assert.Equal("paused", s.Typed.ToString());
        await cts.CancelAsync();
        await run.WaitAsync(Generous);
    }

    [Fact]
    public async Task Unacknowledged_data_is_retransmitted_unchanged_and_then_the_session_counts_as_dead()
    {
        using var bmc = new FakeBmc();
        bmc.OnSolData = (_, _) => null; // the BMC goes silent on SOL
        var collector = new IpmiSolCollector(SolOptions(bmc));
        (Task run, _, FakeBmc.Session s) = await ConnectAsync(collector, bmc, CancellationToken.None);

        Task send = collector.SendAsync("lost"u8.ToArray(), CancellationToken.None).AsTask();

        var e = await Assert.ThrowsAsync<IpmiSessionLostException>(() => run.WaitAsync(Generous));
        Assert.Contains("stopped acknowledging SOL data", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IpmiSessionLostException>(() => send.WaitAsync(Generous));
        byte[][] sent = s.SolReceived.Where(p => p.Length > 4).ToArray();
        Assert.Equal(1 + 3, sent.Length); // first send + RetransmitLimit
        Assert.All(sent, p => Assert.Equal(sent[0], p));
    }

    [Fact]
    public async Task Retransmitted_console_output_is_delivered_once_and_only_its_new_part()
    {
        using var bmc = new FakeBmc();
        var collector = new IpmiSolCollector(SolOptions(bmc));
        using var cts = new CancellationTokenSource();
        (Task run, RecordingSink sink, FakeBmc.Session s) = await ConnectAsync(collector, bmc, cts.Token);

        s.SendSol([5, 0, 0, 0, .. "abc"u8]);
        s.SendSol([5, 0, 0, 0, .. "abc"u8]);     // our ACK "was lost": the same packet again
        s.SendSol([5, 0, 0, 0, .. "abcdef"u8]);  // again, with more characters
        s.SendSol([6, 0, 0, 0, .. "|next"u8]);
        await sink.WaitForAsync("|next", Generous, run);

        Assert.Equal("abcdef|next", sink.Text);
        // the longer retransmission was ACKed with its full length
        await WaitUntilAsync(() => s.SolReceived.Any(p => p.Length == 4 && p[1] == 5 && p[2] == 6));
        await cts.CancelAsync();
        await run.WaitAsync(Generous);
    }

    [Fact]
    public async Task Console_output_in_a_packet_with_sequence_0_is_kept_and_acknowledged()
    {
        using var bmc = new FakeBmc();
        var collector = new IpmiSolCollector(SolOptions(bmc));
        using var cts = new CancellationTokenSource();
        (Task run, RecordingSink sink, FakeBmc.Session s) = await ConnectAsync(collector, bmc, cts.Token);

        s.SendSol([0, 0, 0, 0, .. "first after ipmi_sim start;"u8]); // what ipmi_sim sends first after it starts

        await sink.WaitForAsync("first after ipmi_sim start;", Generous, run);
        await WaitUntilAsync(() => s.SolReceived.Any(p => p.Length == 4 && p[0] == 0 && p[1] == 0 && p[2] == 27));
        await cts.CancelAsync();
        await run.WaitAsync(Generous);
    }

    [Fact]
    public async Task A_replayed_packet_is_dropped()
    {
        using var bmc = new FakeBmc();
        var collector = new IpmiSolCollector(SolOptions(bmc));
        using var cts = new CancellationTokenSource();
        (Task run, RecordingSink sink, FakeBmc.Session s) = await ConnectAsync(collector, bmc, cts.Token);
        s.SendSol([1, 0, 0, 0, .. "once;"u8]);
        await sink.WaitForAsync("once;", Generous, run);
        byte[] captured = s.Sent.Last();
        s.SendSol([2, 0, 0, 0, .. "two;"u8]);
        await sink.WaitForAsync("two;", Generous, run);

        s.Replay(captured); // same session sequence number: a replay, whatever its SOL sequence
        s.SendSol([1, 0, 0, 0, .. "three;"u8]);
        await sink.WaitForAsync("three;", Generous, run);

        Assert.Equal("once;two;three;", sink.Text);
        await cts.CancelAsync();
        await run.WaitAsync(Generous);
    }

    [Fact]
    public async Task A_sol_deactivating_status_fails_the_collector()
    {
        using var bmc = new FakeBmc();
        var collector = new IpmiSolCollector(SolOptions(bmc));
        (Task run, _, FakeBmc.Session s) = await ConnectAsync(collector, bmc, CancellationToken.None);

        s.SendSol(0, 0, 0, 0x10);

        var e = await Assert.ThrowsAsync<IpmiSessionLostException>(() => run.WaitAsync(Generous));
        Assert.Contains("deactivating SOL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_break_is_sent_as_an_empty_packet_with_the_break_bit()
    {
        using var bmc = new FakeBmc();
        bmc.OnSolData = (_, p) => [0, p[0], 0, 0];
        var collector = new IpmiSolCollector(SolOptions(bmc));
        using var cts = new CancellationTokenSource();
        (Task run, _, FakeBmc.Session s) = await ConnectAsync(collector, bmc, cts.Token);

        Task sent = collector.SendBreakAsync(CancellationToken.None).AsTask();

        await WaitUntilAsync(() => s.SolReceived.Any(p => p.Length == 4 && p[0] != 0 && p[3] == 0x10));
        byte[] brk = s.SolReceived.First(p => p.Length == 4 && p[0] != 0);
        s.SendSol(0, brk[0], 0, 0);
        await sent.WaitAsync(Generous);
        await cts.CancelAsync();
        await run.WaitAsync(Generous);
    }

    [Fact]
    public async Task Many_consoles_share_one_socket_and_each_gets_its_own_output()
    {
        const int Consoles = 50;
        using var endpoint = new RmcpEndpoint();
        var bmcs = Enumerable.Range(0, Consoles).Select(_ => new FakeBmc()).ToArray();
        using var cts = new CancellationTokenSource();
        try
        {
            var sinks = new RecordingSink[Consoles];
            var runs = new Task[Consoles];
            for (int i = 0; i < Consoles; i++)
            {
                sinks[i] = new RecordingSink();
                runs[i] = new IpmiSolCollector(SolOptions(bmcs[i]), endpoint).RunAsync(sinks[i], cts.Token);
            }
            await Task.WhenAll(sinks.Select(s => s.Connected)).WaitAsync(Generous);
            Assert.Equal(Consoles, endpoint.SessionCount);

            for (int i = 0; i < Consoles; i++)
            {
                bmcs[i].Sessions.Single(s => s.SolActive).SendSol([1, 0, 0, 0, .. Encoding.ASCII.GetBytes($"console {i} says hi;")]);
            }
            for (int i = 0; i < Consoles; i++)
            {
                await sinks[i].WaitForAsync($"console {i} says hi;", Generous, runs[i]);
                Assert.Equal($"console {i} says hi;", sinks[i].Text);
            }
            await cts.CancelAsync();
            await Task.WhenAll(runs).WaitAsync(Generous);
            Assert.Equal(0, endpoint.SessionCount);
        }
        finally
        {
            foreach (FakeBmc b in bmcs)
            {
                b.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_lost_activate_response_does_not_make_our_own_session_look_like_a_stranger()
    {
        using var bmc = new FakeBmc { DropActivateResponses = 1 };
        var collector = new IpmiSolCollector(SolOptions(bmc) with { WhenActive = SolActivePolicy.Fail });
        using var cts = new CancellationTokenSource();

        (Task run, _, _) = await ConnectAsync(collector, bmc, cts.Token);

        await cts.CancelAsync();
        await run.WaitAsync(Generous);
    }

    [Fact]
    public async Task Cancelling_while_connecting_returns_without_an_error()
    {
        var collector = new IpmiSolCollector(new IpmiSolOptions
        {
            Session = new IpmiSessionOptions { Host = "127.0.0.1", Port = 9622, UserName = "admin", Password = "x", RequestTimeout = TimeSpan.FromSeconds(5) },
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await collector.RunAsync(new RecordingSink(), cts.Token).WaitAsync(Generous, CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Generous;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
