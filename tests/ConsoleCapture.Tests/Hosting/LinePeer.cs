using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// A console server for tests: a real TCP listener on loopback that counts the connections it accepts (a console
/// whose connection survives a reload is accepted once) and writes numbered lines to the connection it holds:
/// <c>NAME line N</c>, either all at once (<see cref="WriteBurstAsync"/>) or steadily until stopped
/// (<see cref="StartStreaming"/>). What it wrote is counted in bytes, so a test can wait until the daemon received all.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class LinePeer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Lock _gate = new();
    private TcpClient? _current;
    private TaskCompletionSource<NetworkStream> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _streaming = Task.CompletedTask;
    private CancellationTokenSource? _streamStop;
    private int _accepts;
    private long _next = 1;
    private long _bytesWritten;

    public LinePeer(string name)
    {
        Name = name;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public string Name { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepts => Volatile.Read(ref _accepts);

    /// <summary>Lines written so far (the last one is number <c>LinesWritten</c>).</summary>
    public long LinesWritten => Interlocked.Read(ref _next) - 1;

    /// <summary>Bytes written to the daemon so far, over every connection.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>A console entry (YAML list item) for this peer.</summary>
    public string Entry(string extra = "") =>
        $"  - {{ name: {Name}, type: tcp, address: 127.0.0.1, port: {Port}{extra} }}";

    /// <summary>Waits for the daemon's connection.</summary>
    public async Task<NetworkStream> ConnectedAsync() => await _connected.Task.WaitAsync(TestDaemon.Patience);

    /// <summary>Writes <paramref name="count"/> lines at once, and then <paramref name="partial"/> with no line end.</summary>
    public async Task WriteBurstAsync(int count, string partial = "")
    {
        NetworkStream stream = await ConnectedAsync();
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append(Name).Append(" line ").Append(Interlocked.Increment(ref _next) - 1).Append('\n');
        }
        text.Append(partial);
        byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
        await stream.WriteAsync(bytes);
        Interlocked.Add(ref _bytesWritten, bytes.Length);
    }

    /// <summary>Writes a line every <paramref name="every"/> (several per write when the timer is late) until <see cref="StopStreamingAsync"/>.</summary>
    public void StartStreaming(TimeSpan every)
    {
        _streamStop = new CancellationTokenSource();
        CancellationToken ct = _streamStop.Token;
        _streaming = Task.Run(async () =>
        {
            NetworkStream stream = await ConnectedAsync();
            using var timer = new PeriodicTimer(every);
            try
            {
                while (await timer.WaitForNextTickAsync(ct))
                {
                    byte[] bytes = Encoding.ASCII.GetBytes($"{Name} line {Interlocked.Increment(ref _next) - 1}\n");
                    // No cancellation token on the write: a line is written whole or the test fails on the connection.
                    await stream.WriteAsync(bytes, CancellationToken.None);
                    Interlocked.Add(ref _bytesWritten, bytes.Length);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>Stops the stream (after its current line); rethrows a write that failed (the connection broke).</summary>
    public async Task StopStreamingAsync()
    {
        if (_streamStop is not null)
        {
            await _streamStop.CancelAsync();
        }
        await _streaming;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepts);
                lock (_gate)
                {
                    _current?.Dispose();
                    _current = client;
                    if (_connected.Task.IsCompleted)
                    {
                        _connected = new TaskCompletionSource<NetworkStream>(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                    _connected.SetResult(client.GetStream());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _streamStop?.Cancel();
        try
        {
            await _streaming;
        }
        catch (IOException)
        {
        }
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_gate)
        {
            _current?.Dispose();
        }
        _stop.Dispose();
        _streamStop?.Dispose();
    }
}
