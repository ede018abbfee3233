using System.Diagnostics;
using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Hosting.Demo;

/// <summary>
/// Plays a recorded console once at a fixed byte rate, then stays attached and silent (a collector that returned
/// would be restarted by its supervisor and replay again).
/// </summary>
internal sealed class ReplayCollector : IConsoleCollector
{
    // Ten slices a second: smooth enough to look like a serial line, cheap enough for many demo consoles.
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);
    private readonly Func<Stream> _open;
    private readonly int _bytesPerSecond;

    public ReplayCollector(string endpoint, Func<Stream> open, int bytesPerSecond)
    {
        Endpoint = endpoint;
        _open = open;
        _bytesPerSecond = bytesPerSecond;
    }

    public string Endpoint { get; }

    public async Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        await using (Stream stream = _open())
        {
            sink.OnConnected(Endpoint);
            byte[] buffer = new byte[Math.Max(1, _bytesPerSecond / 10)];
            var clock = Stopwatch.StartNew();
            long sent = 0;
            while (true)
            {
                int n = await stream.ReadAsync(buffer, cancellationToken);
                if (n == 0)
                {
                    break;
                }
                sink.OnBytes(buffer.AsSpan(0, n), DateTimeOffset.UtcNow);
                sent += n;
                // Pace against the wall clock, not per slice, so delays do not accumulate.
                TimeSpan due = TimeSpan.FromSeconds((double)sent / _bytesPerSecond) - clock.Elapsed;
                await Task.Delay(due > TimeSpan.Zero ? due : Slice / 10, cancellationToken);
            }
        }
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
