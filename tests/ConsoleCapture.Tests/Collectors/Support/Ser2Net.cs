namespace SolWatch.ConsoleCapture.Tests.Collectors.Support;

/// <summary>ser2net 4.x serving one pty on a loopback port, raw or telnet.</summary>
internal static class Ser2Net
{
    public static async Task<PeerProcess> StartAsync(string dir, string device, int port, bool telnet)
    {
        string config = Path.Combine(dir, $"ser2net-{port}.yaml");
        string accepter = telnet ? $"telnet,tcp,127.0.0.1,{port}" : $"tcp,127.0.0.1,{port}";
        await File.WriteAllTextAsync(config, $"""
            connection: &console
              accepter: {accepter}
              connector: serialdev,{device},115200n81,local
              options:
                kickolduser: true

            """);
        // -d: stay in the foreground (the test owns the process); -u: no UUCP lock files in /var/lock.
        PeerProcess ser2net = PeerProcess.Start("ser2net", ["-d", "-u", "-c", config, "-P", Path.Combine(dir, $"ser2net-{port}.pid")]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!IsListening(port))
        {
            Assert.False(ser2net.HasExited, $"ser2net exited: {ser2net.Output}");
            await Task.Delay(20, cts.Token);
        }
        return ser2net;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
