using System.Text;
using System.Text.Json;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Reading;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Reading;

/// <summary>
/// A console read by batch index (<see cref="ConsoleReader.Push(FramedBatch, int, DateTimeOffset)"/>, where a line's
/// string is made only when something reads it) must read exactly as one read line by line as strings, with or without
/// the batch's pre-scan: the same reports, kdump findings and hardware events, to the last field.
/// </summary>
public class LazyBatchReadingTests
{
    public static TheoryData<string> Consoles() =>
    [
        Path.Combine(RepoPaths.Shared, "corpus", "syzkaller"),
        .. ((string[])["eras", "kdump", "unseen", "lab", "hardware"]).Select(d => RepoPaths.Tests("Parsers.Tests", "Fixtures", d)),
    ];

    [Theory]
    [MemberData(nameof(Consoles))]
    public void Every_console_reads_the_same_by_batch_index_as_by_string(string directory)
    {
        // The corpus's reports have no extension; the fixtures' consoles end in .log (beside their READMEs).
        string pattern = directory.EndsWith("syzkaller", StringComparison.Ordinal) ? "*" : "*.log";
        string[] files = [.. Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        Assert.NotEmpty(files);
        int readings = 0;
        string? first = null;
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(file);
            // 4093: not a divisor of anything, so lines are split across batches at ever other places.
            foreach (int chunk in (int[])[4093, 65536])
            {
                List<string> lazy = Read(bytes, chunk, Way.Lazy);
                Assert.Equal(Read(bytes, chunk, Way.Strings), lazy);
                Assert.Equal(Read(bytes, chunk, Way.StringsUnscanned), lazy);
                readings += lazy.Count;
                first ??= lazy.FirstOrDefault();
            }
        }
        // The comparison means something only if the consoles gave readings, written out field by field.
        Assert.True(readings > 0, $"no reading in {directory}");
        Assert.Contains("StartLine\":", first, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Consoles))]
    public void The_kdump_tracker_alone_finds_the_same_by_batch_index_as_by_string(string directory)
    {
        string pattern = directory.EndsWith("syzkaller", StringComparison.Ordinal) ? "*" : "*.log";
        int findings = 0;
        foreach (string file in Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(file);
            foreach (int chunk in (int[])[4093, 65536])
            {
                List<string> lazy = Track(bytes, chunk, byIndex: true);
                Assert.Equal(Track(bytes, chunk, byIndex: false), lazy);
                findings += lazy.Count;
            }
        }
        Assert.True(findings > 0, $"no finding in {directory}");
    }

    [Fact]
    public void An_ordinary_line_read_by_batch_index_is_never_made_a_string()
    {
        var batch = new FramedBatch();
        var reader = new ConsoleReader();
        new LineFramer().Push(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 1000).Select(i =>
            $"[ {i,4}.000000] usb 1-{i % 7}: new high-speed USB device number {i} using xhci_hcd\n"))), batch);
        reader.PreScan(batch);
        for (int i = 0; i < batch.Count; i++)
        {
            Assert.Empty(reader.Push(batch, i, default));
        }
        Assert.Equal(1000, reader.LineCount);
        Assert.Equal(0, batch.StringsMade);
    }

    [Fact]
    public void Only_the_lines_of_a_crash_read_by_batch_index_are_made_strings()
    {
        string[] lines =
        [
            "[    1.000000] usb 1-1: new high-speed USB device number 2 using xhci_hcd",
            "[    1.000001] EXT4-fs (vda1): mounted filesystem with ordered data mode",
            "[    2.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008",
            "[    2.000001] #PF: supervisor read access in kernel mode",
            "[    2.000002] Call Trace:",
            "[    2.000003]  <TASK>",
            "[    2.000004]  do_one_initcall+0x41/0x200",
            "[    2.000005]  </TASK>",
            "[    2.000006] ---[ end trace 0000000000000000 ]---",
        ];
        var batch = new FramedBatch();
        var reader = new ConsoleReader();
        new LineFramer().Push(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))), batch);
        reader.PreScan(batch);
        for (int i = 0; i < batch.Count; i++)
        {
            reader.Push(batch, i, default);
        }
        // The two lines before the header are read by nobody; the header and the report's lines are.
        Assert.Equal(lines.Length - 2, batch.StringsMade);
        Assert.Single(reader.Complete().OfType<ReportRead>());
    }

    private enum Way
    {
        Lazy,
        Strings,
        StringsUnscanned,
    }

    // Every finding of a kdump tracker alone (as `solwatch kdump` reads), as JSON text.
    private static List<string> Track(byte[] bytes, int chunk, bool byIndex)
    {
        var framer = new LineFramer();
        var tracker = new SolWatch.Parsers.Kdump.KdumpTracker();
        var batch = new FramedBatch();
        var texts = new List<string>();
        void Take(IReadOnlyList<SolWatch.Parsers.Kdump.KdumpFinding> found) => texts.AddRange(found.Select(f => JsonSerializer.Serialize(f)));
        void Drain()
        {
            tracker.PreScan(batch);
            for (int i = 0; i < batch.Count; i++)
            {
                Take(byIndex ? tracker.Push(batch, i) : tracker.Push(batch[i]));
            }
            batch.Clear();
        }
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), batch);
            Drain();
        }
        if (framer.Flush() is { } last)
        {
            batch.Add(last);
            Drain();
        }
        Take(tracker.Complete());
        return texts;
    }

    // Every reading of the console as JSON text (a record compares its lists by reference).
    private static List<string> Read(byte[] bytes, int chunk, Way path)
    {
        var framer = new LineFramer();
        var reader = new ConsoleReader();
        var batch = new FramedBatch();
        var texts = new List<string>();
        DateTimeOffset start = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
        long line = 0;
        void Take(IReadOnlyList<ConsoleReading> readings) => texts.AddRange(readings.Select(r => JsonSerializer.Serialize(r, r.GetType())));
        void Drain()
        {
            if (path != Way.StringsUnscanned)
            {
                reader.PreScan(batch);
            }
            for (int i = 0; i < batch.Count; i++)
            {
                DateTimeOffset at = start.AddSeconds(++line);
                Take(path == Way.Lazy ? reader.Push(batch, i, at) : reader.Push(batch[i], at));
            }
            batch.Clear();
        }
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), batch);
            Drain();
        }
        if (framer.Flush() is { } last)
        {
            batch.Add(last);
            Drain();
        }
        Take(reader.Complete());
        return texts;
    }
}
