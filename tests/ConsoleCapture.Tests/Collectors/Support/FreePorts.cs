using System.Net;
using System.Net.Sockets;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Support;

/// <summary>Free loopback ports in 47000-47999 (the range given to the collectors' tests).</summary>
internal static class FreePorts
{
    private static int _next = 47000 + (Environment.ProcessId % 500);

    public static int Tcp() => Find(SocketType.Stream, ProtocolType.Tcp);

    public static int Udp() => Find(SocketType.Dgram, ProtocolType.Udp);

    private static int Find(SocketType type, ProtocolType protocol)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            int port = 47000 + (Interlocked.Increment(ref _next) % 1000);
            try
            {
                using var s = new Socket(AddressFamily.InterNetwork, type, protocol);
                s.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free port in 47000-47999 on 127.0.0.1");
    }
}
