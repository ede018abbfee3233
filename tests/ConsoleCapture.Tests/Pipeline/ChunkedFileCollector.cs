using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Tests.Pipeline;

/// <summary>
/// Hand-written fake collector: delivers a recorded console's bytes in odd-sized chunks (so lines are split across
/// chunks, as on a real serial line), each stamped one millisecond after the previous, then returns.
/// </summary>
internal sealed class ChunkedFileCollector : IConsoleCollector
{
    private readonly byte[] _bytes;
    private readonly int _chunk;
    private readonly DateTimeOffset _start;

    public ChunkedFileCollector(string path, int chunk, DateTimeOffset start)
    {
        _bytes = File.ReadAllBytes(path);
        _chunk = chunk;
        _start = start;
    }

    public string Endpoint => "fake chunked file";

    public DateTimeOffset LastChunkAt { get; private set; }

    public Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        sink.OnConnected("fake");
        int n = 0;
        for (int offset = 0; offset < _bytes.Length; offset += _chunk, n++)
        {
            LastChunkAt = _start.AddMilliseconds(n);
            sink.OnBytes(_bytes.AsSpan(offset, Math.Min(_chunk, _bytes.Length - offset)), LastChunkAt);
        }
        return Task.CompletedTask;
    }
}
