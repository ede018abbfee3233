using SolWatch.Parsers.Reading;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Files;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>
/// Drives the live pipeline's framer and console reader (detector and kdump tracker) over a byte stream (a file, stdin), so offline and live results
/// never differ. Memory stays constant: one read buffer, one line, one open report.
/// </summary>
internal static class StreamScanner
{
    private const int BufferSize = 1 << 16;

    /// <summary>Scans <paramref name="input"/> and calls <paramref name="onReport"/> for each crash, in order.</summary>
    public static Task<long> ScanAsync(Stream input, Action<CrashReport> onReport, CancellationToken cancellationToken) =>
        ScanAsync(input, onReport, null, cancellationToken);

    /// <summary>
    /// <see cref="ScanAsync(Stream, Action{CrashReport}, CancellationToken)"/> that also gives out the hardware events
    /// (<c>scan --events</c>) to <paramref name="onHardware"/>, in console order with the reports.
    /// </summary>
    public static async Task<long> ScanAsync(Stream input, Action<CrashReport> onReport, Action<HardwareEvent>? onHardware, CancellationToken cancellationToken)
    {
        var session = new Session(onReport, onHardware);
        byte[] buffer = new byte[BufferSize];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            session.Feed(buffer.AsSpan(0, read));
        }
        return session.Finish();
    }

    /// <summary>Synchronous twin of <see cref="ScanAsync(Stream, Action{CrashReport}, CancellationToken)"/> for benchmarks (no async state machine per read).</summary>
    public static long Scan(Stream input, Action<CrashReport> onReport)
    {
        var session = new Session(onReport, null);
        byte[] buffer = new byte[BufferSize];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            session.Feed(buffer.AsSpan(0, read));
        }
        return session.Finish();
    }

    /// <summary>Opens <paramref name="path"/> (<c>-</c> = stdin), unwrapping gzip when the content is gzip (a
    /// <see cref="GzipInputStream"/>: damaged or cut-off data ends the input, and the caller asks it afterwards).</summary>
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
            ? GzipInputStream.Open(whole)
            : whole;
    }

    /// <summary>The framer and reader of one input, fed chunk by chunk; reports leave in order with their kdump story.</summary>
    private sealed class Session
    {
        // Hardware events held back at most, waiting for the reports before them to be given out (order kept); beyond
        // this the oldest goes at once, so memory stays bounded on a console that logs errors without end.
        private const int MaxHeldEvents = 4096;

        // And at most this many characters of their text (16 MB of UTF-16): an event's text is capped at 16 K characters, so a
        // console of long hardware lines would otherwise hold 4,096 of them, 128 MB.
        private const long MaxHeldEventText = 8L << 20;

        private readonly LineFramer _framer = new();
        private readonly ConsoleReader _reader = new();
        private readonly ReportsInOrder _reports;
        private readonly FramedBatch _batch = new();
        private readonly Action<HardwareEvent>? _onHardware;
        private readonly Queue<HardwareEvent> _held = new();
        // The reader counts the lines it is given; a file's reader wants the file's own numbers (FileLineMap).
        private readonly FileLineMap _fileLines = new();
        private long _heldText;
        private long _bytes;

        public Session(Action<CrashReport> onReport, Action<HardwareEvent>? onHardware)
        {
            _onHardware = onHardware is null ? null : e => onHardware(_fileLines.ToFile(e));
            _reports = onHardware is null ? new ReportsInOrder(report => onReport(_fileLines.ToFile(report))) : new ReportsInOrder(report =>
            {
                // A report waits for its kdump story; the events before it go first.
                Release(report.StartLine);
                onReport(_fileLines.ToFile(report));
            });
        }

        public void Feed(ReadOnlySpan<byte> chunk)
        {
            _bytes += chunk.Length;
            _framer.Push(chunk, _batch);
            Drain();
        }

        public long Finish()
        {
            // Until nothing is left: a z/VM line held to see whether it wraps comes before the unfinished line.
            while (_framer.Flush(out long fileLine) is { } last)
            {
                _batch.Add(last, fileLine);
            }
            Drain();
            Take(_reader.Complete());
            _reports.Complete();
            Release(long.MaxValue);
            return _bytes;
        }

        private void Take(IReadOnlyList<ConsoleReading> readings)
        {
            if (_onHardware is not null)
            {
                foreach (ConsoleReading reading in readings)
                {
                    if (reading is HardwareRead read)
                    {
                        _held.Enqueue(read.Event);
                        _heldText += read.Event.Text.Length;
                        while (_held.Count > MaxHeldEvents || _heldText > MaxHeldEventText)
                        {
                            GiveOut(_held.Dequeue());
                        }
                    }
                }
            }
            _reports.Add(readings);
        }

        private void Release(long before)
        {
            while (_held.TryPeek(out HardwareEvent? e) && e.StartLine < before)
            {
                GiveOut(_held.Dequeue());
            }
        }

        private void GiveOut(HardwareEvent e)
        {
            _heldText -= e.Text.Length;
            _onHardware!(e);
        }

        private void Drain()
        {
            _reader.PreScan(_batch);
            _fileLines.Add(_batch.FileLines);
            for (int i = 0; i < _batch.Count; i++)
            {
                // By index: a line is made a string only if the reader reads it (most lines of a log are read by none).
                IReadOnlyList<ConsoleReading> readings = _reader.Push(_batch, i);
                if (readings.Count > 0)
                {
                    Take(readings);
                }
            }
            _batch.Clear();
        }
    }
}
