using System.Buffers;
using System.Text;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reports;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// The detector's batch search that also flags the kdump tracker's lines (CrashDetector.PreScanForTrackers) must
/// change nothing: the same findings, the same lines read, the same reports as separate scans and as no scan at all,
/// and the narrowed anchors the same findings as the anchors as listed.
/// </summary>
public class KdumpSharedPreScanTests
{
    private static readonly string[] Prefixed =
    [
        "[   12.345678] Kernel command line: BOOT_IMAGE=/vmlinuz root=/dev/vda1 crashkernel=256M panic=10",
        "[   12.400000] Reserving 256MB of memory at 3840MB for crashkernel (System RAM: 16383MB)",
        "Feb  8 10:27:40 host kdumpctl[940]: kdump: kexec: loaded kdump kernel",
        "[  100.000001][ T1234] Kernel panic - not syncing: sysrq triggered crash",
        "[  100.000002][ T1234] CPU: 1 PID: 1234 Comm: bash Not tainted 6.1.0 #1",
        "[  100.000003][ T1234]  dump_stack_lvl+0x44/0x5c",
        "[  100.000004][ T1234]  dump_stack+0x10/0x14",
        "<0>[  100.000005] Kdump: loaded Tainted: G",
        "[    0.000000] Linux version 6.1.0-kdump (gcc) #1 SMP",
        "[    0.000000] Command line: elfcorehdr=0x7f000000 reset_devices",
        "Feb  8 10:28:01 host kdump[513]: saving to /sysroot/var/crash/127.0.0.1-2026/",
        "[    4.700000] kdump[513]: saving vmcore-dmesg.txt to /sysroot/var/crash/127.0.0.1-2026/",
        "[    4.800000] kdump[513]: saving vmcore",
        "Copying data                                      : [100.0 %] |",
        "The dumpfile is saved to /sysroot/var/crash/127.0.0.1-2026/vmcore-incomplete.",
        "makedumpfile Completed.",
        "[    9.000000] kdump[513]: saving vmcore complete",
        "[    9.100000] kdump: Executing final action systemctl reboot -f",
    ];

    public static TheoryData<string> Consoles() =>
    [
        .. Directory.EnumerateFiles(RepoPaths.Tests("Parsers.Tests", "Fixtures", "kdump"), "*.log").Order(StringComparer.Ordinal),
        .. Directory.EnumerateFiles(RepoPaths.Tests("Parsers.Tests", "Fixtures", "lab"), "*.log").Order(StringComparer.Ordinal),
        Path.Combine(RepoPaths.Shared, "corpus", "syzkaller"),
    ];

    [Theory]
    [MemberData(nameof(Consoles))]
    public void The_shared_pre_scan_reads_the_same_lines_and_finds_the_same_as_separate_scans_and_none(string path)
    {
        byte[] text = Read(path);
        // 4093: not a divisor of anything, so lines are split across batches at ever other places.
        foreach (int chunk in (int[])[4093, 65536])
        {
            Run shared = Track(text, chunk, Scan.Shared);
            Run separate = Track(text, chunk, Scan.Separate);
            Run none = Track(text, chunk, Scan.None);
            Assert.Equal(none.Findings, separate.Findings);
            Assert.Equal(none.Findings, shared.Findings);
            Assert.Equal(none.Read, separate.Read);
            Assert.Equal(none.Read, shared.Read);
            Assert.Equal(separate.Reports, shared.Reports);
        }
    }

    [Theory]
    [MemberData(nameof(Consoles))]
    public void The_narrowed_anchors_find_what_the_anchors_as_listed_find(string path)
    {
        byte[] text = Read(path);
        Assert.Equal(Track(text, 65536, Scan.Listed).Findings, Track(text, 65536, Scan.Shared).Findings);
    }

    [Fact]
    public void Prefixed_kdump_lines_split_across_batches_are_read_and_dump_stack_frames_are_not()
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Join('\n', Prefixed) + "\n");
        for (int chunk = 7; chunk < 200; chunk += 31)
        {
            Run shared = Track(text, chunk, Scan.Shared);
            Run none = Track(text, chunk, Scan.None);
            Assert.Equal(none.Findings, shared.Findings);
            Assert.Equal(none.Read, shared.Read);
            Assert.Contains(shared.Findings, f => f.Contains("Outcome = Saved", StringComparison.Ordinal));
            Assert.DoesNotContain(Line("dump_stack_lvl"), shared.Read);
            Assert.DoesNotContain(Line("dump_stack+"), shared.Read);
            Assert.Contains(Line("Kdump: loaded"), shared.Read);
            Assert.Contains(Line("Kernel panic"), shared.Read);
            Assert.Contains(Line("Reserving 256MB"), shared.Read);
        }
    }

    [Theory]
    [InlineData("Reserving 256MB of memory at 3840MB for crashkernel (System RAM: 16383MB)")]
    [InlineData("No memory reserved for crash kernel")]
    [InlineData("kdump: kexec: loaded kdump kernel")]
    [InlineData("kexec_file_load failed: Required key not available")]
    [InlineData("fadump: Registration is successful!")]
    [InlineData("kdump: saving vmcore complete")]
    [InlineData("kdump: saving vmcore failed, _exitcode:1")]
    [InlineData("kdump-tools: saved vmcore in /var/crash/202612061200")]
    [InlineData("The dumpfile is saved to /sysroot/var/crash/127.0.0.1-2026/vmcore-incomplete.")]
    [InlineData("makedumpfile: The kernel version is not supported.")]
    [InlineData("kdump: Executing final action systemctl reboot -f")]
    [InlineData("kdump[513]: Cannot save core: no free space")]
    [InlineData("Dump saving completed.")]
    [InlineData("cp: error reading '/proc/vmcore': Cannot allocate memory")]
    [InlineData("fadump: Failed to find memory chunk for reservation!")]
    [InlineData("fadump: Too many holes in boot memory area to enable fadump")]
    public void Readiness_and_save_messages_hold_one_of_the_trackers_own_words(string message)
    {
        // KdumpTracker reads the readiness and save rules only for lines holding one (KdumpAnchors.HoldsOwnWord).
        Assert.True(KdumpAnchors.HoldsOwnWord(message), message);
    }

    [Theory]
    [InlineData("Kernel panic - not syncing: Fatal exception in interrupt")]
    [InlineData("Oops: 0002 [#1] PREEMPT SMP NOPTI")]
    [InlineData("BUG: unable to handle page fault for address: ffffffffffffffff")]
    [InlineData("Rebooting in 86400 seconds..")]
    [InlineData("---[ end Kernel panic - not syncing: Fatal exception ]---")]
    public void Crash_header_and_attempt_lines_go_straight_to_the_crash_rules(string line)
    {
        Assert.False(KdumpAnchors.HoldsOwnWord(line), line);
    }

    [Theory]
    [InlineData("Kernel Offset: 0x2a000000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)")]
    [InlineData("Kernel Offset: disabled")]
    [InlineData("Internal error: Oops: 96000005 [#1] PREEMPT SMP")]
    public void Lines_no_readiness_or_save_rule_reads_skip_those_rules(string line)
    {
        // KdumpTracker.Read gates the boot, readiness and save rules on KdumpAnchors.HoldsRuleWord.
        Assert.False(KdumpAnchors.HoldsRuleWord(line), line);
    }

    [Theory]
    [InlineData("Dump saving completed.")]
    [InlineData("Dumping to NFS mountpoint 10.0.0.1:/var/crash")]
    [InlineData("Firmware-Assisted Dump is not supported on this hardware")]
    [InlineData("Dump mode is fadump")]
    [InlineData("kdump-tools: Error: cannot mount /var/crash")]
    public void The_words_that_stand_for_dump_still_reach_the_rules(string line)
    {
        Assert.True(KdumpAnchors.HoldsRuleWord(line), line);
    }

    [Fact]
    public void The_ftrace_dump_after_a_panic_is_not_read_and_its_kernel_offset_line_still_confirms_the_crash()
    {
        // panic()'s notifier line confirms the crash through the crash rules alone (not the readiness and save rules it
        // skips); kernel/trace/trace.c ftrace_dump() (ftrace_dump_on_oops) prints "Dump", which no rule reads as such.
        string[] lines =
        [
            "[   10.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000",
            "[   10.000100] Kernel Offset: 0x2a000000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)",
            "[   10.000200] Dumping ftrace buffer:",
            "[   10.000300]    (ftrace buffer empty)",
            "[   10.000400] Rebooting in 86400 seconds..",
        ];
        Run shared = SharedAsAlone(lines);
        Assert.Contains(2L, shared.Read);
        Assert.DoesNotContain(3L, shared.Read);
        string attempt = Assert.Single(shared.Findings);
        Assert.Contains("panic notifiers (Kernel Offset)", attempt, StringComparison.Ordinal);
        Assert.Contains("Outcome = NotArmed", attempt, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kernel_offset_line_after_its_panic_line_is_not_read_for_it_confirms_nothing_new()
    {
        string[] lines =
        [
            "[   10.000000] Kernel panic - not syncing: Fatal exception",
            "[   10.000100] Kernel Offset: 0x2a000000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)",
            "[   10.000400] Rebooting in 86400 seconds..",
        ];
        Run shared = SharedAsAlone(lines);
        Assert.Equal([1L, 3L], shared.Read);
        string attempt = Assert.Single(shared.Findings);
        Assert.Contains("panic went on without kdump", attempt, StringComparison.Ordinal);
        Assert.DoesNotContain("Kernel Offset", attempt, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_word_left_to_the_detector_holds_an_anchor_of_its_header_markers()
    {
        // The shared pre-scan looks for these only on lines where it found a marker's anchor (KdumpAnchors.DetectorWords).
        Assert.All(KdumpAnchors.DetectorWords, word => Assert.True(HeaderRecognizer.MayBeHeader(word), word));
    }

    [Fact]
    public void A_capture_word_after_a_panic_in_the_same_batch_is_read_though_the_batch_was_not_searched_for_it()
    {
        // The batch is searched for the capture words only when an attempt is open before it; this one opens within it.
        string[] lines =
        [
            "[   10.000000] Kernel panic - not syncing: sysrq triggered crash",
            "[   10.000001] I'm in purgatory",
        ];
        byte[] text = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        Assert.Equal(Track(text, text.Length, Scan.None).Read, Track(text, text.Length, Scan.Shared).Read);
        Assert.Contains(2L, Track(text, text.Length, Scan.Shared).Read);
    }

    // The lines read in one batch with the shared pre-scan, checked to read and find as the tracker alone does.
    private static Run SharedAsAlone(string[] lines)
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        Run shared = Track(text, text.Length, Scan.Shared);
        Run none = Track(text, text.Length, Scan.None);
        Assert.Equal(none.Read, shared.Read);
        Assert.Equal(none.Findings, shared.Findings);
        return shared;
    }

    private static long Line(string part) => Array.FindIndex(Prefixed, l => l.Contains(part, StringComparison.Ordinal)) + 1;

    private enum Scan
    {
        None,
        Separate,
        Shared,
        Listed,
    }

    // The findings; the lines the tracker read (its Version grew on them); the detector's reports.
    private sealed record Run(List<string> Findings, List<long> Read, List<string> Reports);

    private static readonly SearchValues<string> ListedAnchors = SearchValues.Create([.. KdumpAnchors.Listed], StringComparison.Ordinal);

    private static Run Track(byte[] bytes, int chunk, Scan scan)
    {
        var framer = new LineFramer();
        var tracker = new KdumpTracker();
        var detector = new CrashDetector();
        var batch = new FramedBatch();
        var run = new Run([], [], []);
        bool captureWordsSearched = false;
        void Push(string line)
        {
            long version = tracker.Version;
            IReadOnlyList<KdumpFinding> findings;
            IReadOnlyList<CrashReport> reports;
            if (scan == Scan.Shared)
            {
                // As Reading/ConsoleReader: the detector's pre-scan flags the tracker's lines too.
                LineHints hints = detector.TakeHints(line);
                findings = (hints & LineHints.NotScanned) == 0
                    ? tracker.Push(line, default, (hints & LineHints.MayMatterToKdump) != 0, captureWordsSearched)
                    : tracker.Push(line);
                reports = detector.Push(line, default, hints);
            }
            else if (scan == Scan.Listed)
            {
                // What the tracker's search flagged before its broad anchors were narrowed.
                findings = tracker.Push(line, default, line.AsSpan().ContainsAny(ListedAnchors), captureWordsSearched: true);
                reports = detector.Push(line);
            }
            else
            {
                findings = tracker.Push(line);
                reports = detector.Push(line);
            }
            if (scan is Scan.Shared or Scan.Listed && detector.LastTraceEnd is { Line: var end } ended && end == tracker.LineCount)
            {
                // As Reading/ConsoleReader: the tracker read by a caller learns where an oops ended from the detector.
                tracker.TraceEnded(ended.ReportStart, end);
            }
            run.Findings.AddRange(findings.Select(Describe));
            if (tracker.Version != version)
            {
                run.Read.Add(tracker.LineCount);
            }
            run.Reports.AddRange(reports.Select(Describe));
        }
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), batch);
            switch (scan)
            {
                case Scan.Separate:
                    detector.PreScan(batch);
                    tracker.PreScan(batch);
                    break;
                case Scan.Shared:
                    captureWordsSearched = tracker.WantsCaptureWords;
                    detector.PreScanForTrackers(batch, kdump: true, captureWordsSearched);
                    break;
                case Scan.Listed:
                case Scan.None:
                    break;
            }
            for (int l = 0; l < batch.Count; l++)
            {
                Push(batch[l]);
            }
            batch.Clear();
        }
        if (framer.Flush() is { } last)
        {
            Push(last);
        }
        run.Findings.AddRange(tracker.Complete().Select(Describe));
        run.Reports.AddRange(detector.Complete().Select(Describe));
        return run;
    }

    // A finding's own text and its timeline's (a record compares its list by reference).
    private static string Describe(KdumpFinding f) => $"{f with { Timeline = [] }} | {string.Join("; ", f.Timeline)}";

    private static string Describe(CrashReport r) => $"{r.StartLine}-{r.EndLine} {r.Kind} {r.Title} {r.Fingerprint}";

    private static byte[] Read(string path) =>
        Directory.Exists(path)
            ? [.. Directory.EnumerateFiles(path).Order(StringComparer.Ordinal).SelectMany(f => File.ReadAllBytes(f).Append((byte)'\n'))]
            : File.ReadAllBytes(path);
}
