using System.Net.Sockets;
using System.Reflection;
using Renci.SshNet;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// Makes a silently dropped link fail fast. SSH.NET's keepalives are SSH_MSG_IGNORE messages that expect no reply,
/// and its <c>IsConnected</c> stays true after a silent drop; only the kernel notices that the peer stopped
/// acknowledging, and by default it retransmits for ~15 minutes. TCP_USER_TIMEOUT shortens that to our bound, after
/// which the socket errors and SSH.NET raises ErrorOccurred. SSH.NET does not expose its socket, so it is reached by
/// reflection (pinned SSH.NET version; an integration test asserts that this still works after an upgrade).
/// </summary>
internal static class DeadLinkSocket
{
    private const int TcpUserTimeout = 18; // linux/tcp.h

    /// <summary>Applies the timeout; returns a description for the connect detail (what was set, or why not).</summary>
    public static string TryApply(SshClient client, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "dead-link timeout off";
        }
        if (!OperatingSystem.IsLinux())
        {
            return "dead-link timeout unavailable (TCP_USER_TIMEOUT is Linux-only)";
        }
        try
        {
            object? session = typeof(BaseClient).GetProperty("Session", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(client);
            if (session?.GetType().GetField("_socket", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(session) is not Socket socket)
            {
                return "dead-link timeout unavailable (SSH.NET internals changed: no Session._socket)";
            }
            socket.SetRawSocketOption((int)ProtocolType.Tcp, TcpUserTimeout, BitConverter.GetBytes((uint)timeout.TotalMilliseconds));
            return $"dead-link timeout {timeout.TotalSeconds:0} s (TCP_USER_TIMEOUT)";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or TargetInvocationException)
        {
            return $"dead-link timeout unavailable ({e.Message})";
        }
    }
}
