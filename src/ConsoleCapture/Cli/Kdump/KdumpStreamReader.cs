using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Kdump;

namespace SolWatch.ConsoleCapture.Cli.Kdump;

/// <summary>Drives the live pipeline's framer and a <see cref="KdumpTracker"/> over a byte stream (a file, stdin).
/// Memory stays constant: one read buffer, one batch of lines, the open boot and crash.</summary>
internal static class KdumpStreamReader
{
    private const int BufferSize = 1 << 16;

    /// <summary>Reads <paramref name="input"/> and calls <paramref name="onFinding"/> for each finding, in console order.</summary>
    public static async Task ReadAsync(Stream input, Action<KdumpFinding> onFinding, CancellationToken cancellationToken)
    {
        var framer = new LineFramer();
        var tracker = new KdumpTracker();
        var batch = new FramedBatch();
        // The tracker counts the lines it is given; the finding gives the file's own numbers (FileLineMap).
        var fileLines = new FileLineMap();
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
                foreach (KdumpFinding finding in tracker.Push(batch, i))
                {
                    onFinding(fileLines.ToFile(finding));
                }
            }
            batch.Clear();
        }
        // Until nothing is left: a z/VM line held to see whether it wraps comes before the unfinished line.
        while (framer.Flush(out long fileLine) is { } last)
        {
            fileLines.Add(fileLine);
            foreach (KdumpFinding finding in tracker.Push(last))
            {
                onFinding(fileLines.ToFile(finding));
            }
        }
        foreach (KdumpFinding finding in tracker.Complete())
        {
            onFinding(fileLines.ToFile(finding));
        }
    }
}
