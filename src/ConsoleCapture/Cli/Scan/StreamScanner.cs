using System.IO.Compression;
using SolWatch.Parsers.Reading;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>
/// Drives the live pipeline's framer and console reader (detector and kdump tracker) over a byte stream (a file, stdin), so offline and live results
/// never differ. Memory stays constant: one read buffer, one line, one open report.
/// </summary>
internal static class StreamScanner
{
    private const int BufferSize = 1 << 16;

    /// <summary>Scans <paramref name="input"/> and calls <paramref name="onReport"/> for each crash, in order.</summary>
    public static async Task<long> ScanAsync(Stream input, Action<CrashReport> onReport, CancellationToken cancellationToken)
    {
        var session = new Session(onReport);
        byte[] buffer = new byte[BufferSize];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            session.Feed(buffer.AsSpan(0, read));
        }
        return session.Finish();
    }

    /// <summary>Synchronous twin of <see cref="ScanAsync"/> for benchmarks (no async state machine per read).</summary>
    public static long Scan(Stream input, Action<CrashReport> onReport)
    {
        var session = new Session(onReport);
        byte[] buffer = new byte[BufferSize];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            session.Feed(buffer.AsSpan(0, read));
        }
        return session.Finish();
    }

    /// <summary>Opens <paramref name="path"/> (<c>-</c> = stdin), unwrapping gzip when the content is gzip.</summary>
    public static Stream Open(string path)
    {
        Stream raw = path == "-"
            ? Console.OpenStandardInput()
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.SequentialScan);
        // Sniff the gzip magic; the sniffed bytes are handed back in front of the rest (stdin cannot seek).
        byte[] magic = new byte[2];
        int n = 0;
        int r;
        while (n < 2 && (r = raw.Read(magic, n, 2 - n)) > 0)
        {
            n += r;
        }
        var whole = new PrefixedStream(magic.AsMemory(0, n), raw);
        return n == 2 && magic[0] == 0x1F && magic[1] == 0x8B
            ? new GZipStream(whole, CompressionMode.Decompress)
            : whole;
    }

    /// <summary>The framer and reader of one input, fed chunk by chunk; reports leave in order with their kdump story.</summary>
    private sealed class Session(Action<CrashReport> onReport)
    {
        private readonly LineFramer _framer = new();
        private readonly ConsoleReader _reader = new();
        private readonly ReportsInOrder _reports = new(onReport);
        private readonly FramedBatch _batch = new();
        private long _bytes;

        public void Feed(ReadOnlySpan<byte> chunk)
        {
            _bytes += chunk.Length;
            _framer.Push(chunk, _batch);
            Drain();
        }

        public long Finish()
        {
            if (_framer.Flush() is { } last)
            {
                _batch.Add(last);
                Drain();
            }
            _reports.Add(_reader.Complete());
            _reports.Complete();
            return _bytes;
        }

        private void Drain()
        {
            _reader.PreScan(_batch);
            for (int i = 0; i < _batch.Count; i++)
            {
                IReadOnlyList<ConsoleReading> readings = _reader.Push(_batch[i]);
                if (readings.Count > 0)
                {
                    _reports.Add(readings);
                }
            }
            _batch.Clear();
        }
    }
}
