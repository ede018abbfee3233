using System.Text;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Search;
using SolWatch.Parsers.Reports;
using SolWatch.TestSupport;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Detection;

public class BatchPreScanTests
{
    [PeerFact(Peers.SharedCorpus)]
    public void Every_line_is_flagged_exactly_when_its_own_search_would_find_something()
    {
        // All distinct corpus texts in one batch: far longer than one part, so part boundaries are crossed too.
        IReadOnlyList<string> lines = CorpusTexts.All;
        var scan = new BatchPreScan();
        scan.Scan(lines);
        for (int i = 0; i < lines.Count; i++)
        {
            LineHints expected = (HeaderRecognizer.MayBeHeader(lines[i]) ? LineHints.MayHoldMarker : LineHints.None)
                                 | (lines[i].AsSpan().ContainsAny(LineFactsReader.AnyWord) ? LineHints.MayHoldFact : LineHints.None);
            Assert.True(expected == scan.HintOf(i), $"line {i} \"{lines[i]}\": expected {expected}, got {scan.HintOf(i)}");
        }
    }

    [PeerTheory(Peers.SharedCorpus)]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_line_of_a_framers_batch_is_flagged_exactly_when_its_own_search_would_find_something(bool fused)
    {
        IReadOnlyList<string> texts = CorpusTexts.All;
        var batch = new FramedBatch();
        new LineFramer().Push(Encoding.UTF8.GetBytes(string.Concat(texts.Select(t => t + "\n"))), batch);
        var scan = new BatchPreScan(fused);
        scan.Scan(batch);
        Assert.True(batch.Count > 1000, $"only {batch.Count} lines");
        Assert.Equal(batch.Count, scan.Count);
        // Separate passes search the fact words when a report line first needs them, from that line on (here from the
        // first); the fused search (where the CPU has it) finds them with the rest, and the hardware events' words too.
        bool fusedHere = fused && FusedWordSearch.IsSupported;
        Assert.Equal(fusedHere ? LineHints.None : LineHints.FactsNotSearched, scan.HintOf(0) & LineHints.FactsNotSearched);
        scan.SearchFacts(0, scan.HintOf(0));
        for (int i = 0; i < batch.Count; i++)
        {
            string line = batch[i];
            Assert.Same(line, scan.LineOf(i));
            LineHints expected = (HeaderRecognizer.MayBeHeader(line) ? LineHints.MayHoldMarker : LineHints.None)
                                 | (line.AsSpan().ContainsAny(LineFactsReader.AnyWord) ? LineHints.MayHoldFact : LineHints.None)
                                 | (fusedHere && HardwareAnchors.MayBegin(line) ? LineHints.MayBeginHardware : LineHints.None);
            Assert.True(expected == scan.HintOf(i), $"line {i} \"{line}\": expected {expected}, got {scan.HintOf(i)}");
        }
    }

    [Fact]
    public void Without_the_fused_search_a_framers_batch_is_searched_for_fact_words_only_from_the_line_that_first_needs_them()
    {
        string[] lines = ["Call Trace:", "ordinary", "BUG: KASAN: use-after-free in foo+0x1/0x2", "Call Trace:", "RIP: 0010:foo+0x1/0x2"];
        var batch = new FramedBatch();
        new LineFramer().Push(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))), batch);
        var scan = new BatchPreScan(fusedSearch: false);
        scan.Scan(batch);
        Assert.All(Enumerable.Range(0, lines.Length), i => Assert.Equal(LineHints.FactsNotSearched, scan.HintOf(i) & (LineHints.FactsNotSearched | LineHints.MayHoldFact)));

        LineHints third = scan.SearchFacts(2, scan.HintOf(2));

        Assert.Equal(LineHints.None, third & LineHints.FactsNotSearched);
        for (int i = 2; i < lines.Length; i++)
        {
            LineHints expected = lines[i].AsSpan().ContainsAny(LineFactsReader.AnyWord) ? LineHints.MayHoldFact : LineHints.None;
            Assert.Equal(expected, scan.HintOf(i) & (LineHints.FactsNotSearched | LineHints.MayHoldFact));
        }
        Assert.Equal(LineHints.MayHoldFact, scan.HintOf(3) & LineHints.MayHoldFact); // "Call Trace:"
        // The lines before it were not searched, and still say so.
        Assert.Equal(LineHints.FactsNotSearched, scan.HintOf(0) & (LineHints.FactsNotSearched | LineHints.MayHoldFact));
    }

    [Fact]
    public void A_line_longer_than_a_part_is_scanned_whole()
    {
        string longLine = new string('x', 70_000) + " BUG: KASAN: use-after-free in foo+0x1/0x2";
        var scan = new BatchPreScan();
        scan.Scan(["ordinary", longLine, "Call Trace:", "also ordinary"]);
        Assert.Equal(LineHints.None, scan.HintOf(0));
        Assert.Equal(LineHints.MayHoldMarker, scan.HintOf(1));
        Assert.Equal(LineHints.MayHoldFact, scan.HintOf(2));
        Assert.Equal(LineHints.None, scan.HintOf(3));
    }

    [Fact]
    public void A_line_pushed_that_was_not_announced_is_still_searched()
    {
        var detector = new CrashDetector();
        detector.PreScan(["[    1.000000] ordinary", "[    1.000001] also ordinary"]);
        foreach (string line in Oops())
        {
            Assert.Empty(detector.Push(line));
        }
        CrashReport report = Assert.Single(detector.Complete());
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", report.Title);
    }

    [Fact]
    public void Lines_put_in_the_announced_list_after_the_scan_are_searched_on_their_own()
    {
        var detector = new CrashDetector();
        var lines = new List<string> { "[    1.000000] ordinary", "[    1.000001] also ordinary" };
        detector.PreScan(lines);
        lines.Clear();
        lines.AddRange(Oops());
        foreach (string line in lines)
        {
            Assert.Empty(detector.Push(line));
        }
        Assert.Single(detector.Complete());
    }

    [PeerFact(Peers.SharedCorpus)]
    public void Pre_scanned_lines_give_the_same_reports_as_lines_pushed_one_by_one()
    {
        IEnumerable<string> files = Directory.EnumerateFiles(Path.Combine(RepoPaths.Shared, "corpus", "syzkaller"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepoPaths.Tests("Parsers.Tests", "Fixtures"), "*.log", SearchOption.AllDirectories));
        // All files as one console, so reports open across reads and reads cut reports.
        byte[] console = [.. files.Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes)];
        List<string> alone = [.. Scan(console).Select(Describe)];
        List<string> preScanned = [.. Scan(console, chunk: 65_536, preScan: true).Select(Describe)];
        List<string> preScannedAsList = [.. Scan(console, chunk: 65_536, preScanList: true).Select(Describe)];
        Assert.True(alone.Count > 400, $"only {alone.Count} reports");
        Assert.Equal(alone, preScanned);
        Assert.Equal(alone, preScannedAsList);
    }

    private static string[] Oops() =>
    [
        "[    2.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000",
        "[    2.000001] Oops: 0002 [#1] PREEMPT SMP NOPTI",
        "[    2.000002] RIP: 0010:lab_null+0x5/0x20 [labcrash]",
        "[    2.000003] Call Trace:",
        "[    2.000004]  lab_set.cold+0xe8/0x354 [labcrash]",
        "[    2.000005]  vfs_write+0x235/0x3f0",
        "[    2.000006] ---[ end trace 0000000000000000 ]---",
    ];

    private static string Describe(CrashReport r) =>
        new StringBuilder()
            .Append(r.StartLine).Append('-').Append(r.EndLine).Append(' ').Append(r.Kind).Append(' ').Append(r.Title)
            .Append(" | ").Append(r.Fingerprint).Append(" | ").Append(r.Panicked).Append(r.PanicReason).Append(r.Corrupted)
            .Append(" | ").Append(r.Ip?.Function).Append(" | ").Append(string.Join(',', r.Frames.Select(f => f.Function)))
            .Append(" | ").Append(string.Join(',', r.Registers.Keys)).Append(" | ").Append(r.Text.Length)
            .ToString();
}
