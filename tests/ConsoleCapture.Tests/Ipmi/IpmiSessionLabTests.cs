using SolWatch.ConsoleCapture.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>Session establishment against the lab's ipmi_sim (a real RMCP+ peer; suite 3: it has no SHA-256).</summary>
public sealed class IpmiSessionLabTests(Bmc20 bmc) : IClassFixture<Bmc20>
{
    [PeerFact(Peers.LabBmc)]
    public async Task A_session_with_suite_3_is_established_and_answers_requests()
    {
        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options());

        Assert.Equal(3, session.Suite.Id);
        IpmiResponse r = await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None);
        Assert.Equal(0, r.CompletionCode);
        Assert.Equal(0, session.DroppedPackets);
    }

    [PeerFact(Peers.LabBmc)]
    public async Task Suite_17_is_tried_first_and_the_session_falls_back_to_suite_3()
    {
        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options() with { CipherSuites = [17, 3] });

        Assert.Equal(3, session.Suite.Id);
    }

    [PeerFact(Peers.LabBmc)]
    public async Task A_wrong_password_is_reported_as_such_and_names_the_user()
    {
        var e = await Assert.ThrowsAsync<IpmiAuthenticationException>(() => IpmiSession.OpenAsync(bmc.Options("wrongpass")));

        Assert.Equal("BMC 127.0.0.1 rejected the password for user admin (RAKP2 HMAC mismatch)", e.Message);
    }

    [PeerFact(Peers.LabBmc)]
    public async Task Suite_0_is_refused_unless_the_console_allows_insecure_suites()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => IpmiSession.OpenAsync(bmc.Options() with { CipherSuites = [0] }));

        Assert.Contains("cipher suite 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("refused", e.Message, StringComparison.Ordinal);
    }

    [PeerFact(Peers.LabBmc)]
    public async Task Suite_0_when_explicitly_allowed_logs_a_warning_at_every_login()
    {
        var events = new List<Serilog.Events.LogEvent>();
        using var log = new Serilog.LoggerConfiguration().WriteTo.Sink(new ListSink(events)).CreateLogger();
        var options = bmc.Options("wrong-but-suite-0") with { CipherSuites = [0], AllowInsecure = true };

        for (int i = 0; i < 2; i++)
        {
            await using IpmiSession session = await IpmiSession.OpenAsync(options, log: log);
            Assert.Equal(0, session.Suite.Id);
        }

        Assert.Equal(2, events.Count(e => e.Level == Serilog.Events.LogEventLevel.Warning &&
            e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("insecure cipher suite 0", StringComparison.Ordinal)));
    }

    private sealed class ListSink(List<Serilog.Events.LogEvent> events) : Serilog.Core.ILogEventSink
    {
        public void Emit(Serilog.Events.LogEvent logEvent)
        {
            lock (events)
            {
                events.Add(logEvent);
            }
        }
    }

    [PeerFact(Peers.LabBmc)]
    public async Task An_empty_user_name_is_refused_unless_configured()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => IpmiSession.OpenAsync(bmc.Options() with { UserName = "" }));

        Assert.Contains("user name is empty", e.Message, StringComparison.Ordinal);
    }

    [PeerFact(Peers.LabBmc)]
    public async Task A_port_where_no_bmc_listens_gives_a_clear_timeout_error()
    {
        var e = await Assert.ThrowsAsync<IpmiException>(() => IpmiSession.OpenAsync(
            bmc.Options() with { Port = 9622, RequestTimeout = TimeSpan.FromMilliseconds(300), HandshakeAttempts = 2 }));

        Assert.Contains("does not answer on UDP", e.Message, StringComparison.Ordinal);
    }

    [PeerFact(Peers.LabBmc)]
    public void The_password_never_appears_in_the_options_text()
    {
        string text = bmc.Options("s3cr3t-pw").ToString();

        Assert.DoesNotContain("s3cr3t-pw", text, StringComparison.Ordinal);
    }
}
