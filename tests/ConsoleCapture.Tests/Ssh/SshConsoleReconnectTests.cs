using SolWatch.ConsoleCapture.Ssh;
using static SolWatch.ConsoleCapture.Tests.Ssh.SshTestOptions;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

/// <summary>Link failures end RunAsync (so the supervisor reconnects) and a second RunAsync attaches again.</summary>
public sealed class SshConsoleReconnectTests(SshdServer server) : IClassFixture<SshdServer>
{
    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_killed_session_ends_RunAsync_and_a_second_RunAsync_reconnects()
    {
        server.SetScenario("idrac");
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.Idrac));
        using var sink = new RecordingSink();
        Task first = collector.RunAsync(sink, CancellationToken.None);
        Assert.True(await sink.WaitForAsync(PanicLine, Patience), $"received:\n{sink.Text}\nsshd:\n{server.Log}");

        server.KillSessions();
        await EndsAsync(first);

        int mark = sink.Text.Length;
        using var cts = new CancellationTokenSource();
        Task second = collector.RunAsync(sink, cts.Token);
        Assert.True(await sink.WaitForAsync(PanicLine, Patience, from: mark), $"no panic after reconnect:\n{sink.Text[mark..]}");
        Assert.Equal(2, sink.Connects.Count);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_dead_sshd_ends_RunAsync_and_RunAsync_reconnects_once_it_is_back()
    {
        server.SetScenario("openbmc");
        using var collector = new SshConsoleCollector(For(server, SshConsoleProfile.OpenBmc));
        using var sink = new RecordingSink();
        Task first = collector.RunAsync(sink, CancellationToken.None);
        Assert.True(await sink.WaitForAsync(PanicLine, Patience), sink.Text);

        server.Stop();
        await EndsAsync(first);
        // While the BMC's SSH service is down, a run fails at once with a message saying what to check.
        var refused = await Assert.ThrowsAsync<IOException>(() => collector.RunAsync(sink, CancellationToken.None));
        Assert.Contains("cannot connect", refused.Message, StringComparison.Ordinal);

        server.Start();
        int mark = sink.Text.Length;
        using var cts = new CancellationTokenSource();
        Task second = collector.RunAsync(sink, cts.Token);
        Assert.True(await sink.WaitForAsync(PanicLine, Patience, from: mark), $"no panic after restart:\n{sink.Text[mark..]}\nsshd:\n{server.Log}");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_frozen_session_that_still_acknowledges_TCP_is_caught_by_the_read_idle_timeout()
    {
        // A console that prints a line every 100 ms for ~40 s: it is never idle for 3 s unless the peer freezes.
        server.SetScenario("openbmc", paceMs: 100);
        var options = For(server, SshConsoleProfile.OpenBmc) with { ReadIdleTimeout = TimeSpan.FromSeconds(3) };
        using var collector = new SshConsoleCollector(options);
        using var sink = new RecordingSink();
        Task run = collector.RunAsync(sink, CancellationToken.None);
        Assert.True(await sink.WaitForAsync("Linux version", Patience), sink.Text);

        // SIGSTOP: the kernel still ACKs, SSH.NET's IsConnected stays true, keepalives go out unanswered by design.
        server.SignalSessions("STOP");
        try
        {
            var e = await Assert.ThrowsAsync<IOException>(() => run.WaitAsync(Patience));
            Assert.Contains("no console output for 3 s", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(PanicLine, sink.Text, StringComparison.Ordinal);
        }
        finally
        {
            server.SignalSessions("KILL");
        }
    }

    /// <summary>RunAsync may return (channel closed) or throw (session error); both let the supervisor reconnect.</summary>
    private static async Task EndsAsync(Task run)
    {
        try
        {
            await run.WaitAsync(Patience);
        }
        catch (IOException)
        {
            // Connection lost: the expected failure.
        }
    }
}
