using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// A refusal during session setup is set aside until the wait's timeout (a spoofer could send it), so a BMC without the
/// preferred suite 17 costs that timeout each time 17 is tried: the collector reconnects with the suite of its last
/// completed login first.
/// </summary>
public class IpmiSolCollectorSuiteTests
{
    private static readonly IpmiSessionOptions Session = new() { Host = "bmc", UserName = "admin", Password = "secret" };

    [Fact]
    public async Task A_bmc_without_suite_17_is_asked_for_suite_3_first_when_the_console_reconnects()
    {
        using var bmc = new FakeBmc { RefusedSuites = new HashSet<int> { 17 } };
        var collector = new IpmiSolCollector(new IpmiSolOptions { Session = bmc.Options() });

        int first = await RepliesOfOneLoginAsync(collector, bmc);
        int second = await RepliesOfOneLoginAsync(collector, bmc);

        // The first login was refused suite 17 (one more setup reply) before it logged in with 3; the second asked 3 first.
        Assert.Equal(first - 1, second);
    }

    private static async Task<int> RepliesOfOneLoginAsync(IpmiSolCollector collector, FakeBmc bmc)
    {
        int before = bmc.SetupRepliesSent.Count;
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        string detail = await sink.Connected.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        int replies = bmc.SetupRepliesSent.Count - before;
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("cipher suite 3", detail, StringComparison.Ordinal);
        return replies;
    }

    [Fact]
    public void Before_any_login_the_configured_order_is_kept()
    {
        Assert.Equal([17, 3], IpmiSolCollector.SuitesFromLastLogin(Session, -1).CipherSuites);
    }

    [Fact]
    public void After_a_login_with_suite_3_the_next_login_tries_3_first_and_keeps_17_as_a_fallback()
    {
        Assert.Equal([3, 17], IpmiSolCollector.SuitesFromLastLogin(Session, 3).CipherSuites);
    }

    [Fact]
    public void The_last_suite_moves_to_the_front_and_the_others_keep_their_order()
    {
        IpmiSessionOptions three = Session with { CipherSuites = [17, 16, 3] };
        Assert.Equal([3, 17, 16], IpmiSolCollector.SuitesFromLastLogin(three, 3).CipherSuites);
        Assert.Same(three, IpmiSolCollector.SuitesFromLastLogin(three, 17));
    }

    [Fact]
    public void A_suite_no_longer_allowed_by_the_configuration_is_never_tried()
    {
        IpmiSessionOptions only17 = Session with { CipherSuites = [17] };
        Assert.Equal([17], IpmiSolCollector.SuitesFromLastLogin(only17, 3).CipherSuites);
        Assert.Equal([17, 3], IpmiSolCollector.SuitesFromLastLogin(Session, 0).CipherSuites);
    }
}
