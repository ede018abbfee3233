using System.Text;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Kdump;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>Runs console text through the framer and a <see cref="KdumpTracker"/>, as `solwatch kdump` does.</summary>
internal static class KdumpHarness
{
    public static List<KdumpFinding> Track(string text) => Track(Encoding.UTF8.GetBytes(text));

    /// <summary>Frames <paramref name="bytes"/> <paramref name="chunk"/> bytes at a time; with <paramref name="preScan"/>
    /// each batch is searched at once first, as `solwatch kdump` does.</summary>
    public static List<KdumpFinding> Track(byte[] bytes, int chunk = 4096, bool preScan = true)
    {
        var framer = new LineFramer();
        var tracker = new KdumpTracker();
        var batch = new FramedBatch();
        var findings = new List<KdumpFinding>();
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), batch);
            if (preScan)
            {
                tracker.PreScan(batch);
            }
            for (int l = 0; l < batch.Count; l++)
            {
                findings.AddRange(tracker.Push(batch[l]));
            }
            batch.Clear();
        }
        if (framer.Flush() is { } last)
        {
            findings.AddRange(tracker.Push(last));
        }
        findings.AddRange(tracker.Complete());
        return findings;
    }

    /// <summary>The dump attempts only.</summary>
    public static List<KdumpFinding> Attempts(string text) => [.. Track(text).Where(f => f.Kind == KdumpFindingKind.DumpAttempt)];

    /// <summary>The readiness findings only.</summary>
    public static List<KdumpFinding> Readiness(string text) => [.. Track(text).Where(f => f.Kind == KdumpFindingKind.Readiness)];
}
