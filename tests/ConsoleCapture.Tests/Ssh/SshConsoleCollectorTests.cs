using System.Text;
using SolWatch.ConsoleCapture.Ssh;
using static SolWatch.ConsoleCapture.Tests.Ssh.SshTestOptions;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

/// <summary>The SSH collector against a real sshd whose ForceCommand plays each BMC's CLI and console.</summary>
public sealed class SshConsoleCollectorTests(SshdServer server) : IClassFixture<SshdServer>
{
    [PeerTheory("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    [InlineData("idrac")]
    [InlineData("ilo")]
    [InlineData("smash")]
    [InlineData("openbmc")]
    public async Task Each_profile_attaches_the_console_and_captures_the_panic_line(string profileName)
    {
        server.SetScenario(profileName);
        var profile = SshConsoleProfile.Named(profileName)!;
        using var collector = new SshConsoleCollector(For(server, profile));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);

        Assert.True(await sink.WaitForAsync(PanicLine, Patience), $"no panic line; received:\n{sink.Text}\nsshd:\n{server.Log}");
        Assert.Contains("[fake-bmc: console attached]", sink.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("COMMAND NOT RECOGNIZED", sink.Text, StringComparison.Ordinal);
        Assert.Single(sink.Connects);

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        if (!profile.ExitSequence.IsEmpty)
        {
            // The fake BMC records what was typed in the console: leaving must have sent the profile's exit sequence.
            byte[] typed = await WaitForInputAsync(profile.ExitSequence.Length);
            Assert.Equal([.. profile.ExitSequence], typed[^profile.ExitSequence.Length..]);
        }
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task Password_login_attaches_the_console()
    {
        server.SetScenario("idrac");
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.Idrac, password: true));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        Assert.True(await sink.WaitForAsync(PanicLine, Patience), $"received:\n{sink.Text}\nsshd:\n{server.Log}");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_wrong_password_fails_with_a_message_naming_the_console_and_user_but_not_the_password()
    {
        const string wrong = "not-the-password-1234";
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.Idrac, password: true) with { Password = wrong });
        var sink = new RecordingSink();
        var e = await Assert.ThrowsAsync<IOException>(() => collector.RunAsync(sink, CancellationToken.None));
        Assert.Contains($"ssh://{SshdServer.TestUser}@127.0.0.1:{server.Port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("login", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Connects);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public void A_wrong_key_passphrase_is_rejected_when_the_console_is_configured_without_echoing_it()
    {
        const string wrong = "wrong-passphrase-5678";
        var e = Assert.Throws<ArgumentException>(() => new SshConsoleCollector(For(server, SshConsoleProfile.Idrac) with { PrivateKeyPassphrase = wrong }));
        Assert.Contains("private key cannot be read", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.Message, StringComparison.Ordinal);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_host_key_other_than_the_pinned_one_is_refused_with_both_fingerprints_and_the_fix()
    {
        string pinned = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.Idrac, password: true) with { HostKeySha256 = pinned });
        var sink = new RecordingSink();
        var e = await Assert.ThrowsAsync<HostKeyMismatchException>(() => collector.RunAsync(sink, CancellationToken.None));
        Assert.Contains(server.HostKeyFingerprint, e.Message, StringComparison.Ordinal);
        Assert.Contains(pinned, e.Message, StringComparison.Ordinal);
        Assert.Contains($"solwatch ssh-fingerprint 127.0.0.1 --port {server.Port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("ssh-ed25519", e.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Connects);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task The_connect_detail_names_the_verified_key_and_the_dead_link_timeout()
    {
        server.SetScenario("openbmc");
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.OpenBmc));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        Assert.True(await sink.WaitForAsync(PanicLine, Patience), sink.Text);
        string detail = Assert.Single(sink.Connects);
        Assert.Contains($"host key {server.HostKeyFingerprint} verified", detail, StringComparison.Ordinal);
        // Fails when an SSH.NET upgrade hides the socket from DeadLinkSocket: silent drops would then take ~15 minutes.
        Assert.Contains("dead-link timeout 10 s (TCP_USER_TIMEOUT)", detail, StringComparison.Ordinal);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task Sent_bytes_and_a_configured_break_sequence_reach_the_console()
    {
        server.SetScenario("idrac");
        var profile = SshConsoleProfile.Generic(22, "console com2", @"^\", @"\eB");
        using var collector = new SshConsoleCollector(For(server, profile));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        Assert.True(await sink.WaitForAsync(PanicLine, Patience), sink.Text);

        await collector.SendAsync("echo hi\r"u8.ToArray(), CancellationToken.None);
        await collector.SendBreakAsync(CancellationToken.None);

        byte[] typed = await WaitForInputAsync(10);
        Assert.Equal("echo hi\r\u001bB", Encoding.ASCII.GetString(typed));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_break_on_a_profile_without_one_says_what_the_BMC_supports()
    {
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.OpenBmc));
        var e = await Assert.ThrowsAsync<NotSupportedException>(async () => await collector.SendBreakAsync(CancellationToken.None));
        Assert.Contains("obmc-console", e.Message, StringComparison.Ordinal);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task Sending_while_not_attached_fails_with_a_clear_message()
    {
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.Idrac));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await collector.SendAsync("x"u8.ToArray(), CancellationToken.None));
        Assert.Contains("not attached", e.Message, StringComparison.Ordinal);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task The_console_closing_ends_RunAsync_without_an_error_after_delivering_everything()
    {
        server.SetScenario("openbmc", end: "close");
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.OpenBmc));
        var sink = new RecordingSink();
        await collector.RunAsync(sink, CancellationToken.None).WaitAsync(Patience);
        Assert.Contains(PanicLine, sink.Text, StringComparison.Ordinal);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_prompt_that_never_comes_fails_with_the_last_output_and_the_profile()
    {
        server.SetScenario("idrac");
        var profile = SshConsoleProfile.Generic(22, "console com2", null, null, promptPattern: "NEVER-MATCHES$");
        using var collector = new SshConsoleCollector(For(server, profile) with { PromptTimeout = TimeSpan.FromSeconds(3) });
        var e = await Assert.ThrowsAsync<IOException>(() => collector.RunAsync(new RecordingSink(), CancellationToken.None));
        Assert.Contains("racadm>> ", e.Message, StringComparison.Ordinal);
        Assert.Contains("generic", e.Message, StringComparison.Ordinal);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_sink_that_throws_ends_the_run_with_the_reason_instead_of_killing_the_session_silently()
    {
        server.SetScenario("openbmc");
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.OpenBmc));
        var e = await Assert.ThrowsAsync<IOException>(() => collector.RunAsync(new ThrowingSink(), CancellationToken.None).WaitAsync(Patience));
        Assert.Contains("the console sink failed: sink is broken", e.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowingSink : SolWatch.ConsoleCapture.Collectors.IConsoleSink
    {
        public void OnConnected(string detail)
        {
        }

        public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt) => throw new InvalidOperationException("sink is broken");
    }

    private async Task<byte[]> WaitForInputAsync(int atLeast)
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            byte[] typed = server.InputReceived();
            if (typed.Length >= atLeast)
            {
                return typed;
            }
            await Task.Delay(100);
        }
        return server.InputReceived();
    }
}
