using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SolWatch.ConsoleCapture.Tests.Cli.Client;

/// <summary>
/// Not SolWatch: a TCP listener on loopback that answers every HTTP request with 200 and a plausible JSON body, and
/// records every byte any client sent it (what a process squatting on a dead daemon's port would harvest).
/// </summary>
internal sealed class ImpostorListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _received = new();
    private readonly Lock _gate = new();
    private readonly Task _accepting;

    public ImpostorListener()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    public string Received
    {
        get
        {
            lock (_gate)
            {
                return _received.ToString();
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            byte[] buffer = new byte[65536];
            try
            {
                while (true)
                {
                    int n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }
                    string text = Encoding.Latin1.GetString(buffer, 0, n);
                    lock (_gate)
                    {
                        _received.Append(text);
                    }
                    if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        // Whatever was asked: "all is well".
                        const string body = "{\"status\":\"ok\",\"answer\":\"00\",\"consoles\":0}";
                        string answer = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
