using System.Text;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Reports;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests;

/// <summary>Runs console text through the same framer and detector the daemon and `solwatch scan` use.</summary>
internal static class DetectorHarness
{
    public static List<CrashReport> Scan(string text, DetectorOptions? options = null) => Scan(Encoding.UTF8.GetBytes(text), options);

    /// <summary>Frames <paramref name="bytes"/> <paramref name="chunk"/> bytes at a time and pushes the lines; with
    /// <paramref name="preScan"/>, each chunk's lines are announced first, in the framer's batch as `solwatch scan` and
    /// the daemon do (or, with <paramref name="preScanList"/>, as a plain list).</summary>
    public static List<CrashReport> Scan(byte[] bytes, DetectorOptions? options = null, int chunk = 4096, bool preScan = false, bool preScanList = false)
    {
        var framer = new LineFramer();
        var detector = new CrashDetector(options);
        var batch = new FramedBatch();
        var reports = new List<CrashReport>();
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), batch);
            if (preScan)
            {
                detector.PreScan(batch);
            }
            else if (preScanList)
            {
                detector.PreScan([.. batch.Lines]);
            }
            for (int l = 0; l < batch.Count; l++)
            {
                reports.AddRange(detector.Push(batch[l]));
            }
            batch.Clear();
        }
        if (framer.Flush() is { } last)
        {
            reports.AddRange(detector.Push(last));
        }
        reports.AddRange(detector.Complete());
        return reports;
    }

    public static List<CrashReport> ScanFile(string path) => Scan(File.ReadAllBytes(path));

    /// <summary>A lab capture committed under tests/Parsers.Tests/Fixtures/lab.</summary>
    public static string LabFixture(string name) => RepoPaths.Tests("Parsers.Tests", "Fixtures", "lab", name);

    /// <summary>Lines prefixed with a printk timestamp, as a console shows them.</summary>
    public static string Console(params string[] lines) =>
        string.Concat(lines.Select((l, i) => $"[  100.{i:D6}] {l}\r\n"));
}
