using Renci.SshNet;
using Renci.SshNet.Common;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// Learns an SSH server's host key the way the collector will see it: SSH.NET negotiates the host key algorithm
/// (so ssh-ed25519 or ecdsa or rsa, whichever it prefers among the server's keys), the key is captured in
/// HostKeyReceived and then refused, so the probe never logs in.
/// </summary>
public static class HostKeyProbe
{
    /// <summary>What the server presented.</summary>
    /// <param name="Algorithm">The negotiated host key algorithm, e.g. <c>ssh-ed25519</c>.</param>
    /// <param name="Fingerprint">Its SHA-256 fingerprint.</param>
    public sealed record Result(string Algorithm, HostKeyFingerprint Fingerprint);

    /// <summary>Connects, captures the host key and refuses it; throws <see cref="IOException"/> when no key was received.</summary>
    public static async Task<Result> GetAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var none = new NoneAuthenticationMethod("solwatch-host-key-probe");
        var info = new ConnectionInfo(host, port, "solwatch-host-key-probe", none) { Timeout = timeout };
        using var client = new SshClient(info);
        Result? result = null;
        client.HostKeyReceived += (_, e) =>
        {
            result = new Result(e.HostKeyName, HostKeyFingerprint.OfKey(e.HostKey));
            e.CanTrust = false;
        };
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (result is null && e is not OperationCanceledException)
        {
            throw new IOException($"{host}:{port}: no SSH host key received ({e.Message}). Check host, port and that the SSH service is enabled.", e);
        }
        catch (Exception e) when (e is SshConnectionException or SshException)
        {
            // Expected: we refused the key after capturing it.
        }
        return result ?? throw new IOException($"{host}:{port}: the SSH server accepted a connection without presenting a host key.");
    }
}
