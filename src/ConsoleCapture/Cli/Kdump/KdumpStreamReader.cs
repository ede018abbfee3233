using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Kdump;

namespace SolWatch.ConsoleCapture.Cli.Kdump;

/// <summary>Drives the live pipeline's framer and a <see cref="KdumpTracker"/> over a byte stream (a file, stdin).
/// Memory stays constant: one read buffer, one batch of lines, the open boot and crash, and the findings given while
/// an earlier one is still open (a few).</summary>
internal static class KdumpStreamReader
{
    private const int BufferSize = 1 << 16;

    /// <summary>Reads <paramref name="input"/> and calls <paramref name="onFinding"/> for each finding, in console order
    /// (by the line each starts on).</summary>
    public static async Task ReadAsync(Stream input, Action<KdumpFinding> onFinding, CancellationToken cancellationToken)
    {
        var framer = new LineFramer();
        var tracker = new KdumpTracker();
        var batch = new FramedBatch();
        // The tracker counts the lines it is given; the finding gives the file's own numbers (FileLineMap).
        var fileLines = new FileLineMap();
        var order = new ConsoleOrder(onFinding);
        byte[] buffer = new byte[BufferSize];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            framer.Push(buffer.AsSpan(0, read), batch);
            tracker.PreScan(batch);
            fileLines.Add(batch.FileLines);
            for (int i = 0; i < batch.Count; i++)
            {
                // By index: a line no anchor was found in is not made a string.
                IReadOnlyList<KdumpFinding> found = tracker.Push(batch, i);
                if (found.Count > 0)
                {
                    order.Add(found, fileLines, tracker.PendingFrom);
                }
            }
            batch.Clear();
        }
        // Until nothing is left: a z/VM line held to see whether it wraps comes before the unfinished line.
        while (framer.Flush(out long fileLine) is { } last)
        {
            fileLines.Add(fileLine);
            order.Add(tracker.Push(last), fileLines, tracker.PendingFrom);
        }
        order.Add(tracker.Complete(), fileLines, long.MaxValue);
    }

    // Gives findings by the line they start on. The tracker gives a finding when it is decided, which is not always in
    // that order: a crash whose panic went on without kdump is decided at once, its boot's readiness when the boot ends
    // (found by the new-user walk: a crash at line 359 printed before its boot's readiness from line 11). A finding waits
    // here while one that may start before it is still open (KdumpTracker.PendingFrom).
    private sealed class ConsoleOrder(Action<KdumpFinding> onFinding)
    {
        private readonly List<(long Start, KdumpFinding Finding)> _waiting = [];

        public void Add(IReadOnlyList<KdumpFinding> found, FileLineMap fileLines, long pendingFrom)
        {
            foreach (KdumpFinding finding in found)
            {
                // Mapped now: the map forgets the lines of batches long read.
                _waiting.Add((finding.StartLine, fileLines.ToFile(finding)));
            }
            if (_waiting.Count == 0)
            {
                return;
            }
            // Stable: findings that start on the same line keep the order they were given in.
            var ready = _waiting.Where(w => w.Start < pendingFrom).OrderBy(w => w.Start).ToList();
            if (ready.Count == 0)
            {
                return;
            }
            _waiting.RemoveAll(w => w.Start < pendingFrom);
            foreach ((_, KdumpFinding finding) in ready)
            {
                onFinding(finding);
            }
        }
    }
}
