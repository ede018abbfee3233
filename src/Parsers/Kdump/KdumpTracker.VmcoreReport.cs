using System.Buffers;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Kdump;

// Part of KdumpTracker (its overview is in KdumpTracker.cs): a report the capture kernel printed while reading /proc/vmcore: its own crash, not the first kernel's.
public sealed partial class KdumpTracker
{
    // fs/proc/vmcore.c vmcore_init creates /proc/vmcore only when is_vmcore_usable() (an elfcorehdr was passed: the kdump
    // kernel; fadump's boot too), so a kernel whose call trace runs through its read or mmap handler (read_vmcore,
    // __read_vmcore, mmap_vmcore) is a capture kernel reading the dump. Round 14: an SEV-SNP guest's kdump kernel, cp
    // stuck in copy_oldmem_page_encrypted under read_vmcore ("BUG: soft lockup"), nothing else on the console. Only a
    // crash or a soft lockup is taken: a WARNING or a lockdep report in the same path is lived through (round 13's s390x
    // mmap_vmcore WARNING, round 14's lockdep report), the save going on.
    private void ReadReport(ReadOnlySpan<char> text, bool own, bool crashStart, long n, DateTimeOffset at)
    {
        bool stuck = IsSoftLockup(text);
        if (stuck || crashStart)
        {
            _report = (Clip(text.Trim()), n, stuck);
            return;
        }
        if (_report is not { } report)
        {
            return;
        }
        if (n - report.Line > 100 || text.ContainsAny(ReportEnds))
        {
            _report = null;
            return;
        }
        // The frame's "vmcore" is one of the tracker's own words: a line without one names no such frame (most lines read
        // on a crash-dense console, which pays for this search on each).
        if (!own || !ReadsVmcore(text))
        {
            return;
        }
        _report = null;
        if (_boot.Capture != true)
        {
            // The capture kernel is known from its report's first line on.
            BootIsCapture(report.Line, at);
        }
        if (_attempt is not { } a)
        {
            return;
        }
        if (report.Stuck)
        {
            a.CaptureStuck ??= report.Header;
        }
        else
        {
            a.CaptureCrash ??= report.Header;
        }
        a.Add(n, at, "capture kernel report while reading /proc/vmcore");
    }

    // A report's end ("---[ end trace"), or another report's start: a WARNING ("------------[ cut here ]------------").
    private static readonly SearchValues<string> ReportEnds = SearchValues.Create(["---[ end trace", "WARNING:", "cut here"], StringComparison.Ordinal);

    // kernel/watchdog.c watchdog_timer_fn: pr_emerg("BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]\n") ("watchdog: "
    // before it since pr_fmt came in).
    private static bool IsSoftLockup(ReadOnlySpan<char> text) => Has(text, "BUG: soft lockup - CPU#");

    // A call-trace frame ("read_vmcore+0x206/0x3c0", "? __read_vmcore+0x…", "[c0…] [c0…] mmap_vmcore+0x…") of
    // fs/proc/vmcore.c's read or mmap handler, read by the detector's frame grammar.
    private static bool ReadsVmcore(ReadOnlySpan<char> text) =>
        ReportLineKinds.TryFrame(text, out ParsedFrame frame)
        && frame.Symbol.Function.AsSpan().TrimStart('_') is var name
        && (name.StartsWith("read_vmcore", StringComparison.Ordinal) || name.StartsWith("mmap_vmcore", StringComparison.Ordinal));
}
