using System.Diagnostics;
using SolWatch.ConsoleCapture.Ssh;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

/// <summary><c>solwatch ssh-fingerprint</c> prints what ssh-keygen computes from the server's key file, without logging in.</summary>
public sealed class SshFingerprintCommandTests(SshdServer server) : IClassFixture<SshdServer>
{
    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task The_probe_returns_the_fingerprint_ssh_keygen_computes_and_never_logs_in()
    {
        var result = await HostKeyProbe.GetAsync("127.0.0.1", server.Port, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(server.HostKeyFingerprint, result.Fingerprint.ToString());
        Assert.Equal("ssh-ed25519", result.Algorithm);
        Assert.DoesNotContain("Accepted", server.Log, StringComparison.Ordinal);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task The_command_prints_the_fingerprint_alone_on_stdout_ready_for_the_config()
    {
        var (code, stdout, stderr) = await SolwatchAsync("ssh-fingerprint", "127.0.0.1", "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Equal(server.HostKeyFingerprint + "\n", stdout);
        Assert.Contains("ssh-ed25519", stderr, StringComparison.Ordinal);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task The_command_fails_with_exit_2_and_a_reason_when_nothing_listens()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var (code, stdout, stderr) = await SolwatchAsync("ssh-fingerprint", "127.0.0.1", "--port", "1", "--timeout", "10");
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("127.0.0.1:1: no SSH host key received", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> SolwatchAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "solwatch.dll"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
