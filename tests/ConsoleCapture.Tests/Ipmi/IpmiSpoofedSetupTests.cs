using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// RMCP+ session setup is unauthenticated: whoever sends from the BMC's address first can answer Get Channel
/// Authentication Capabilities, Open Session, RAKP1 and RAKP3. A well-formed refusal, capabilities that would fail the
/// login or a forged RAKP2/RAKP4 sent just before the BMC's own reply (from the BMC's address, by
/// <see cref="FakeBmc.BeforeEachSetupReply"/>) must not end the login; a genuine refusal alone still fails it with its
/// own message, once the wait's timeout has passed.
/// </summary>
public sealed class IpmiSpoofedSetupTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static RmcpPayloadType TypeOf(byte[] d) => (RmcpPayloadType)(d[5] & 0x3F);

    private static byte[] Payload(byte[] d) => RmcpFraming.PreSessionPayload(d, out _).ToArray();

    /// <summary>A refusal in the 2-byte form (tag, status) that BMCs such as ipmi_sim send, routed by tag.</summary>
    private static byte[] ShortRefusal(byte[] genuine, byte status) =>
        RmcpFraming.BuildPreSession(TypeOf(genuine), [Payload(genuine)[0], status]);

    /// <summary>A refusal with our session ID (tag, status, 2 reserved bytes, console session ID), routed by session ID.</summary>
    private static byte[] LongRefusal(byte[] genuine, byte status)
    {
        byte[] p = Payload(genuine)[..8];
        p[1] = status;
        return RmcpFraming.BuildPreSession(TypeOf(genuine), p);
    }

    /// <summary>The genuine reply with its last byte (the end of the RAKP2 KEAC or the RAKP4 ICV) changed: a forgery.</summary>
    private static byte[] Forged(byte[] genuine)
    {
        byte[] d = genuine.ToArray();
        d[^1] ^= 0x01;
        return d;
    }

    /// <summary>The genuine Get Channel Authentication Capabilities answer with one data byte changed (checksum fixed).</summary>
    private static byte[] WithCapabilities(byte[] genuine, int index, Func<byte, byte> change)
    {
        byte[] d = genuine.ToArray();
        d[14 + 7 + index] = change(d[14 + 7 + index]);
        d[^1] = IpmiLanMessage.Checksum(d.AsSpan(14 + 3, d.Length - 14 - 4));
        return d;
    }

    [Fact]
    public async Task Spoofed_channel_capabilities_announcing_a_kg_or_no_ipmi_2_do_not_end_the_login()
    {
        using var bmc = new FakeBmc
        {
            BeforeEachSetupReply = d => d[4] == 0x00
                ? [WithCapabilities(d, 2, b => (byte)(b | 0x20)), WithCapabilities(d, 3, b => (byte)(b & ~0x02))]
                : [],
        };
        using var endpoint = new RmcpEndpoint();

        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17), endpoint).WaitAsync(Generous);

        Assert.Equal(17, session.Suite.Id);
    }

    [Fact]
    public async Task A_genuine_kg_announcement_alone_still_fails_the_login_saying_so()
    {
        using var bmc = new FakeBmc { AnnouncesKg = true };
        using var endpoint = new RmcpEndpoint();

        var e = await Assert.ThrowsAsync<IpmiException>(() => IpmiSession.OpenAsync(bmc.Options(17), endpoint).WaitAsync(Generous));

        Assert.StartsWith($"BMC 127.0.0.1:{bmc.Port} has a BMC key (Kg) set; configure it for this console", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spoofed_refusals_before_the_open_session_response_neither_end_the_login_nor_downgrade_the_suite()
    {
        using var bmc = new FakeBmc
        {
            // "no such suite" (would make us fall back to suite 3), then "out of resources" (would end the login)
            BeforeEachSetupReply = d => TypeOf(d) == RmcpPayloadType.OpenSessionResponse ? [ShortRefusal(d, 0x11), LongRefusal(d, 0x01)] : [],
        };
        using var endpoint = new RmcpEndpoint();

        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17, 3), endpoint).WaitAsync(Generous);

        Assert.Equal(17, session.Suite.Id);
        Assert.Single(bmc.SetupRepliesSent, d => d[4] == RmcpFraming.AuthTypeRmcpPlus && TypeOf(d) == RmcpPayloadType.OpenSessionResponse);
        Assert.Equal(0, (await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None)).CompletionCode);
    }

    [Fact]
    public async Task A_forged_rakp2_and_a_spoofed_refusal_before_the_genuine_rakp2_do_not_end_the_login()
    {
        using var bmc = new FakeBmc
        {
            BeforeEachSetupReply = d => TypeOf(d) == RmcpPayloadType.Rakp2 ? [Forged(d), LongRefusal(d, 0x0D)] : [],
        };
        using var endpoint = new RmcpEndpoint();

        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17), endpoint).WaitAsync(Generous);

        Assert.Equal(0, (await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None)).CompletionCode);
        // one RAKP3, with our proof for the genuine RAKP2: no "giving up" RAKP3 went out for the forged one
        byte[] rakp3 = Assert.Single(bmc.Rakp3Received);
        Assert.Equal(0, rakp3[1]);
        Assert.Equal(8 + 32, rakp3.Length);
    }

    [Fact]
    public async Task A_forged_rakp4_and_a_spoofed_refusal_before_the_genuine_rakp4_do_not_end_the_login()
    {
        using var bmc = new FakeBmc
        {
            BeforeEachSetupReply = d => TypeOf(d) == RmcpPayloadType.Rakp4 ? [Forged(d), ShortRefusal(d, 0x0F), LongRefusal(d, 0x02)] : [],
        };
        using var endpoint = new RmcpEndpoint();

        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(3), endpoint).WaitAsync(Generous);

        Assert.Equal(3, session.Suite.Id);
        Assert.Equal(0, (await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None)).CompletionCode);
    }

    [Fact]
    public async Task A_genuine_unknown_user_refusal_alone_still_fails_the_login_with_its_message_and_without_starting_again()
    {
        using var bmc = new FakeBmc();
        using var endpoint = new RmcpEndpoint();

        var e = await Assert.ThrowsAsync<IpmiAuthenticationException>(
            () => IpmiSession.OpenAsync(bmc.Options(17) with { UserName = "nobody" }, endpoint).WaitAsync(Generous));

        Assert.Equal("BMC 127.0.0.1 does not know user nobody (RAKP2: unauthorized name); check the console's user name", e.Message);
        Assert.Single(bmc.SetupRepliesSent, d => d[4] == RmcpFraming.AuthTypeRmcpPlus && TypeOf(d) == RmcpPayloadType.Rakp2);
        Assert.Empty(bmc.Rakp3Received); // a refusal is no failed proof: nothing to give up with
    }

    [Fact]
    public async Task A_genuine_refusal_after_a_spoofed_one_is_the_reason_given()
    {
        using var bmc = new FakeBmc
        {
            BeforeEachSetupReply = d => TypeOf(d) == RmcpPayloadType.Rakp2 ? [LongRefusal(d, 0x01)] : [],
        };
        using var endpoint = new RmcpEndpoint();

        var e = await Assert.ThrowsAsync<IpmiAuthenticationException>(
            () => IpmiSession.OpenAsync(bmc.Options(17) with { UserName = "nobody" }, endpoint).WaitAsync(Generous));

        Assert.Contains("does not know user nobody", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_genuine_no_such_suite_refusal_alone_still_says_which_suites_were_refused()
    {
        using var bmc = new FakeBmc { RefusedSuites = new HashSet<int> { 17 } };
        using var endpoint = new RmcpEndpoint();

        var e = await Assert.ThrowsAsync<IpmiException>(() => IpmiSession.OpenAsync(bmc.Options(17), endpoint).WaitAsync(Generous));

        Assert.Equal(
            $"BMC 127.0.0.1:{bmc.Port} accepts none of the allowed cipher suites (suite 17: no cipher suite match with proposed security algorithms); " +
            "allow another suite for this console (17 or 3) or enable one on the BMC", e.Message);
    }
}
