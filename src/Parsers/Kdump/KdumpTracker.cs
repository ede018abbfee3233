using System.Buffers;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Kdump;

/// <summary>
/// Follows the kdump story of one console, line by line: each boot's readiness (crashkernel reservation, kexec load,
/// service result), each crash, the jump into the capture kernel, its boot, its save and its fate. Pure: framed lines in,
/// <see cref="KdumpFinding"/>s out; no I/O, no threads, no clock. The message formats, with their sources, are listed in
/// README.md beside this file.
/// </summary>
/// <remarks>
/// A finding is given when its story can no longer change: a boot's readiness and a crash's attempt when the next boot
/// of the first kernel starts (or <see cref="Complete"/> is called), so findings come in console order.
/// Ordinary lines leave after one vectorized search (<see cref="KdumpAnchors"/>); only a capture kernel that is saving
/// has every line read, for makedumpfile's errors, which name no common word.
/// </remarks>
public sealed class KdumpTracker
{
    private static readonly IReadOnlyList<KdumpFinding> None = [];
    private readonly List<KdumpFinding> _ready = [];
    private long _line;
    private Boot _boot = new(1, banner: false);
    private Attempt? _attempt;
    private Boot? _lastFirstKernel;
    // The boot closed at the last banner (first kernel or capture kernel): the one a capture kernel with no crash before
    // it was loaded by.
    private Boot? _previousBoot;
    // The last oops dropped at a banner as lived through (CloseBoot): the crash a capture kernel booting right after it
    // was kexec'ed for (BootIsCapture).
    private Attempt? _droppedOops;
    private bool _pathWraps;
    private string? _collectorError;
    // The crash or soft-lockup report being printed (its first line, its line number), until a frame says whose it is.
    private (string Header, long Line, bool Stuck)? _report;

    // The last pre-scanned batch (PreScan): which of its lines hold an anchor.
    private readonly AnnouncedLines _announced = new();

    /// <summary>Lines seen so far.</summary>
    public long LineCount => _line;

    /// <summary>
    /// Grows whenever a line may have changed the story (most lines do not): a caller following a crash live compares it
    /// between lines and only then asks for <see cref="OpenAttempt"/>.
    /// </summary>
    public long Version { get; private set; }

    /// <summary>
    /// The open dump attempt as it stands now, worded for a story still unfolding ("the capture kernel is booting"), once
    /// the crash is one the kernel could not live through (a panic, the jump, a capture kernel); null otherwise. The
    /// final word on it is the <see cref="KdumpFindingKind.DumpAttempt"/> finding <see cref="Push(string, DateTimeOffset)"/> gives later.
    /// </summary>
    public KdumpFinding? OpenAttempt => _attempt is { Confirmed: true } a ? a.Finish(rebooted: false, ended: false) : null;

    /// <summary>The first line of <see cref="OpenAttempt"/>, 0 when there is none: which attempt is open, without wording
    /// it (a reader that only needs to know whether the attempt changed asks this on every change of the story).</summary>
    public long OpenAttemptStart => _attempt is { Confirmed: true } a ? a.StartLine : 0;

    /// <summary>
    /// Whether the console now shows the open attempt's capture kernel: a boot began after the crash (its banner, or
    /// fadump's first line), or a line said a capture kernel runs (its save service, with no boot seen). From here on the
    /// console's lines are the capture kernel's own.
    /// </summary>
    public bool InBootAfterCrash => _attempt is { } a && (a.CaptureSeen || _boot != a.FirstKernel);

    /// <summary>The line that made the open attempt a crash (see <see cref="OpenAttempt"/>); 0 when there is none.</summary>
    public long OpenAttemptConfirmedAt => _attempt?.ConfirmedAt ?? 0;

    /// <summary>The first line of the open attempt's first kernel boot (0: not known), to tell which reports are its.</summary>
    public long OpenAttemptBootStart => _attempt?.FirstKernel?.StartLine ?? 0;

    /// <summary>
    /// The first line of the boot now running when it is the open attempt's capture kernel (its banner, or the line that
    /// showed it was one); 0 otherwise. A crash report that begins there is the capture kernel's own.
    /// </summary>
    public long OpenAttemptCaptureStart => _attempt is not null && _boot.Capture == true ? _boot.StartLine : 0;

    /// <summary>
    /// What the last boot of the first kernel (not a capture kernel) said about kdump so far, or null when it said
    /// nothing: armed or not and why, the reservation, <c>panic=</c> and <c>oops=panic</c>. Kept across a crash.
    /// </summary>
    public KdumpFinding? Readiness => _boot.Capture != true && _boot.Evidence ? _boot.Readiness() : _lastFirstKernel?.Readiness();

    /// <summary>
    /// The console has printed nothing for <paramref name="quietFor"/>: a capture kernel that was booting or saving, or
    /// an armed crash that never reached it, is taken as hung until a line shows otherwise. Returns whether the open
    /// attempt changed (then <see cref="OpenAttempt"/> says so).
    /// </summary>
    public bool MarkQuiet(TimeSpan quietFor)
    {
        if (_attempt is not { Confirmed: true } a || a.Saved || a.SaveFailed || a.Stalled is not null
            || !(a.Jumped || a.CaptureSeen || a.KdumpLoaded || a.FirstKernel?.Armed == true) || a.WentOn)
        {
            return false;
        }
        a.Stalled = quietFor;
        Version++;
        return true;
    }

    /// <summary>
    /// Searches a framed batch for the anchors at once, before its lines are pushed in order: the search's fixed cost is
    /// paid per batch instead of per line. Optional: a line pushed without it is searched alone; the findings are the same.
    /// </summary>
    public void PreScan(FramedBatch batch) => KdumpAnchors.Flag(batch.JoinedText, batch.Starts, _announced.Announce(batch));

    /// <summary>
    /// Whether the words only a dump attempt needs (<see cref="KdumpAnchors.CaptureWords"/>) can matter now: a crash is
    /// being followed, or a capture kernel is running.
    /// </summary>
    internal bool WantsCaptureWords => _attempt is { LivedThrough: false } || _boot.Capture == true;

    /// <summary>
    /// A crash report that began at <paramref name="reportStart"/> and had not panicked printed "---[ end trace" at
    /// <paramref name="line"/>. When that report holds the crash the open attempt follows and the attempt is not fatal
    /// yet, the kernel lived through that oops: x86's oops_end() and the die() of arm64 and arm call crash_kexec() before
    /// oops_exit() prints the marker (the same order since 2.6), so a kernel that printed it did not jump into a capture
    /// kernel for it. (powerpc's oops_end() prints the marker first and then calls crash_fadump() and crash_kexec(); what
    /// those print next, kexec's "kexec: Starting switchover sequence" or fadump's next boot, holds a word the tracker
    /// always reads, and it makes the attempt followed again.) The attempt stops wanting the words only a dump needs (<see cref="WantsCaptureWords"/>)
    /// until a new crash line (a panic, another oops, the jump) wakes it. It is kept, not ended: with kdump loaded, a capture
    /// kernel that boots later (a hang or a silent crash after the oops) is still this crash's.
    /// </summary>
    /// <remarks>Why: an oops the kernel lives through kept its attempt open until the next boot's banner, which a
    /// console rarely shows soon after, so every line until then paid the search for the dump's words (a quarter of a
    /// crash-dense console's lines, README.md "Cost").</remarks>
    public void TraceEnded(long reportStart, long line)
    {
        if (_attempt is { Confirmed: false, Jumped: false, PanicForced: false } a && a.FirstKernel == _boot
            && a.LastCrashLine >= reportStart && a.LastCrashLine <= line)
        {
            a.LivedThrough = true;
        }
    }

    /// <summary>
    /// Takes a line whose text <see cref="ReadLine"/> would not look at: <paramref name="mayMatter"/> false (no anchor), no
    /// path wrapping and no save being watched. It is counted, and a stalled attempt wakes, as there; true then, and the
    /// caller need not make the line a string. False, with nothing done, when the line must be read.
    /// </summary>
    internal bool PassesOver(bool mayMatter)
    {
        if (mayMatter || _pathWraps || Saving)
        {
            return false;
        }
        _line++;
        if (_attempt is { Stalled: not null } quiet)
        {
            // It printed again: not hung after all.
            quiet.Stalled = null;
            Version++;
        }
        return true;
    }

    /// <summary>
    /// Whether a line holding no anchor (and no capture word, where those are wanted) is now only counted: no path wraps
    /// onto the next line, no save is watched, no stalled attempt would wake (<see cref="CountPassedLine"/> then does
    /// what <see cref="PassesOver"/> would). The state as it is now: it changes only when the tracker reads a line, learns
    /// of an ended trace or is told the console went quiet.
    /// </summary>
    internal bool PassesLinesWithoutAnchors => !_pathWraps && !Saving && _attempt is not { Stalled: not null };

    /// <summary>Counts a line <see cref="PassesOver"/> would pass over while <see cref="PassesLinesWithoutAnchors"/>.</summary>
    internal void CountPassedLine() => _line++;

    // The capture kernel is saving the dump: its tools' errors are read from every line.
    private bool Saving => _attempt is { SaveStarted: true, Saved: false, SaveFailed: false } && _boot.Capture == true;

    /// <summary>Feeds one framed console line; returns the findings it completed (usually none).</summary>
    public IReadOnlyList<KdumpFinding> Push(string line, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        IReadOnlyList<KdumpFinding> found = ReadLine(line, receivedAt, _announced.TryTake(line, out bool flagged) ? flagged : KdumpAnchors.MayMatter(line));
        NoteEndOfTraceAlone(line);
        return found;
    }

    /// <summary>
    /// Feeds line <paramref name="index"/> of <paramref name="batch"/>: the same as <see cref="Push(string, DateTimeOffset)"/>
    /// with <c>batch[index]</c>, but after the batch's <see cref="PreScan"/> a line no anchor was found in is made a
    /// string only while a path wraps or a save is watched (<see cref="PassesOver"/>).
    /// </summary>
    public IReadOnlyList<KdumpFinding> Push(FramedBatch batch, int index, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        IReadOnlyList<KdumpFinding> found;
        if (!_announced.TryTake(batch, index, out bool flagged))
        {
            string line = batch[index];
            found = ReadLine(line, receivedAt, KdumpAnchors.MayMatter(line));
        }
        else
        {
            found = PassesOver(flagged) ? None : ReadLine(batch[index], receivedAt, flagged);
        }
        NoteEndOfTraceAlone(batch.TextOf(index));
        return found;
    }

    // Read alone (`solwatch kdump`: no detector to say where a report ends, TraceEnded), the tracker looks for the end
    // marker itself, on the lines it reads while an oops not yet fatal is followed: a few lines per oops, and fewer lines
    // searched for the dump's words after it. It cannot tell whose marker it is (another CPU's WARNING prints one too);
    // a marker that was not the oops's costs nothing but the words an attempt needs until the next crash line.
    private void NoteEndOfTraceAlone(ReadOnlySpan<char> line)
    {
        if (_attempt is { Confirmed: false, LivedThrough: false, LastCrashLine: > 0 } && line.Contains("---[ end trace", StringComparison.Ordinal))
        {
            TraceEnded(0, _line);
        }
    }

    /// <summary>
    /// <see cref="Push(string, DateTimeOffset)"/> for a line whose batch the caller searched itself (the detector's
    /// shared pre-scan, Detection/BatchPreScan): <paramref name="flagged"/> is its answer. <paramref name="captureWordsSearched"/>:
    /// whether that search looked for <see cref="KdumpAnchors.CaptureWords"/> too; when it did not and an attempt began
    /// within the batch, the line is checked alone.
    /// </summary>
    internal IReadOnlyList<KdumpFinding> Push(string line, DateTimeOffset receivedAt, bool flagged, bool captureWordsSearched) =>
        ReadLine(line, receivedAt, flagged || (!captureWordsSearched && WantsCaptureWords && KdumpAnchors.MayMatterForCaptureWords(line)));

    // Reads one line; `mayMatter`: it holds an anchor (KdumpAnchors.MayMatter), so a rule may apply to it.
    private IReadOnlyList<KdumpFinding> ReadLine(string line, DateTimeOffset receivedAt, bool mayMatter)
    {
        if (mayMatter && !WantsCaptureWords && !KdumpAnchors.MattersWithoutAttempt(line))
        {
            // Only a word of an attempt ("Rebooting", "Bye!"…) and none is followed: nothing to read, and a line the
            // shared pre-scan, which looks for those words only while an attempt is followed, would not have flagged.
            mayMatter = false;
        }
        if (PassesOver(mayMatter))
        {
            // Most lines: one vectorized search of the raw line, no prefix parsing (an anchor found in the prefix
            // only costs a closer look).
            return None;
        }
        long n = ++_line;
        if (_attempt is { Stalled: not null } quiet)
        {
            // It printed again: not hung after all.
            quiet.Stalled = null;
        }
        bool saving = Saving;
        Version++;
        ReadOnlySpan<char> text = LinePrefix.Parse(line).TextSpan;
        if (_pathWraps)
        {
            _pathWraps = false;
            ReadOnlySpan<char> t = text.Trim();
            if (_attempt is { } a && t.Length > 1 && t[0] == '/')
            {
                a.VmcorePath ??= t.TrimEnd('.').ToString();
            }
        }
        if (saving)
        {
            _attempt!.NoteToolError(text);
        }
        if (!mayMatter)
        {
            return None;
        }
        Read(text, n, receivedAt);
        if (_ready.Count == 0)
        {
            return None;
        }
        KdumpFinding[] done = [.. _ready];
        _ready.Clear();
        return done;
    }

    /// <summary>Ends the stream: gives every finding still open.</summary>
    public IReadOnlyList<KdumpFinding> Complete()
    {
        CloseBoot(ending: true);
        if (_attempt is { } a)
        {
            Emit(a.Finish(rebooted: false));
            _attempt = null;
        }
        KdumpFinding[] done = [.. _ready.OrderBy(f => f.StartLine)];
        _ready.Clear();
        return done;
    }

    private void Read(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        if (text.StartsWith("Linux version ", StringComparison.Ordinal))
        {
            OnBanner(n, at);
            return;
        }
        if (Has(text, "ommand line:"))
        {
            OnCommandLine(text, n, at);
            return;
        }
        if (Has(text, "Firmware-assisted dump is active"))
        {
            // fadump: the production kernel itself boots with the old memory preserved (ppc64, arch/powerpc/kernel/fadump.c).
            if (_boot.Capture != true && (_boot.Armed is not null || _attempt is { } crashed && crashed.FirstKernel == _boot))
            {
                // fadump_reserve_mem prints it from setup_arch: a boot starts here even when the console showed no
                // banner after the first kernel's own lines (its registration, its crash).
                CloseBoot(ending: false);
                _collectorError = null;
                _boot = new Boot(n, banner: false);
            }
            _boot.Events.Add(new KdumpEvent(n, at, "firmware-assisted dump active"));
            BootIsCapture(n, at);
            return;
        }
        // The save's and the readiness's messages each hold one of the tracker's own words (kdump, vmcore, crashkernel,
        // kexec…: README.md, Message formats). A line found only for a crash header's words or an attempt's ("Kernel
        // panic - not syncing", "Oops", "Rebooting"…), most lines read on a crash-dense console, goes straight to the
        // crash and capture-kernel rules instead of some ninety substring searches that cannot match it.
        bool own = KdumpAnchors.HoldsOwnWord(text);
        ReadReport(text, own, n, at);
        if (own && (Has(text, "for elfcorehdr") && Has(text, "B of memory at 0x") || Has(text, "elfcorehdr is overlapped")))
        {
            // The same functions' warning when the range is already reserved (arm64 reserve_elfcorehdr, 4.x-5.x; drivers/of/
            // fdt.c fdt_reserve_elfcorehdr, 5.15+, pr_fmt "OF: fdt: "; later "elfcorehdr is overlapped (addr=…, size=…)"):
            // it too is printed only when elfcorehdr_size was read from the device tree (riscv and loongarch: only when
            // is_kdump_kernel()), so only in a crash kernel.
            // arm64 and riscv reserve_elfcorehdr (arch/arm64/mm/init.c, arch/riscv/mm/init.c, 4.x-5.x): "Reserving 2KB of
            // memory at 0xffdff000 for elfcorehdr", printed only when the device tree holds linux,elfcorehdr, which
            // kexec-tools writes for the crash kernel alone. Those arches pass elfcorehdr in the device tree, not on the
            // command line: this line is the capture kernel's own word for itself.
            _boot.Events.Add(new KdumpEvent(n, at, "elfcorehdr reserved"));
            BootIsCapture(n, at);
            return;
        }
        if (own && ReadSave(text, n, at))
        {
            return;
        }
        if (_boot.Capture == true)
        {
            ReadCaptureKernel(text, n, at);
            return;
        }
        if (own && ReadReadiness(text, n, at))
        {
            return;
        }
        if (_boot.Capture is null && _attempt is { Jumped: true } jumped && (jumped.FirstKernel != _boot || jumped.Landed)
            && (IsCrashStart(text) || IsPanicLine(text)))
        {
            // A crash after the jump, before a command line says which kernel runs, is the capture kernel's: machine_kexec
            // does not return, so the crashed kernel prints nothing after kexec-tools' purgatory ("I'm in purgatory",
            // purgatory/purgatory.c) or arm64's "Bye!" (arch/arm64/kernel/machine_kexec.c), and the image panic's kexec
            // boots is kexec_crash_image (kernel/kexec_core.c __crash_kexec). Round 12: a POWER10 kdump kernel oopses in
            // setup_arch before it prints its command line; a SLES 15 crash kernel (quiet, no banner) runs out of memory
            // unpacking its initramfs right after purgatory. A normal boot prints its command line (start_kernel) first.
            if (jumped.FirstKernel == _boot)
            {
                CloseBoot(ending: false);
                _collectorError = null;
                _boot = new Boot(n, banner: false);
            }
            _boot.Events.Add(new KdumpEvent(n, at, "crash after the jump"));
            BootIsCapture(n, at);
            ReadCaptureKernel(text, n, at);
            return;
        }
        ReadCrash(text, n, at);
    }

    // ---- a report read from /proc/vmcore ----

    // fs/proc/vmcore.c vmcore_init creates /proc/vmcore only when is_vmcore_usable() (an elfcorehdr was passed: the kdump
    // kernel; fadump's boot too), so a kernel whose call trace runs through its read or mmap handler (read_vmcore,
    // __read_vmcore, mmap_vmcore) is a capture kernel reading the dump. Round 14: an SEV-SNP guest's kdump kernel, cp
    // stuck in copy_oldmem_page_encrypted under read_vmcore ("BUG: soft lockup"), nothing else on the console. Only a
    // crash or a soft lockup is taken: a WARNING or a lockdep report in the same path is lived through (round 13's s390x
    // mmap_vmcore WARNING, round 14's lockdep report), the save going on.
    private void ReadReport(ReadOnlySpan<char> text, bool own, long n, DateTimeOffset at)
    {
        bool stuck = IsSoftLockup(text);
        if (stuck || IsCrashStart(text))
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

    // ---- boots ----

    private void OnBanner(long n, DateTimeOffset at)
    {
        CloseBoot(ending: false);
        _collectorError = null;
        _report = null;
        _boot = new Boot(n, banner: true);
        _boot.Events.Add(new KdumpEvent(n, at, "kernel banner"));
    }

    // The boot before a new banner (or the end): its readiness is final, and a capture kernel's attempt is over.
    private void CloseBoot(bool ending)
    {
        Boot old = _boot;
        _previousBoot = old;
        old.Capture ??= _attempt is { } open && open.FirstKernel != old && open.Jumped;
        if (old.Capture == true)
        {
            if (_attempt is { } a && !ending)
            {
                Emit(a.Finish(rebooted: true));
                _attempt = null;
            }
            return;
        }
        if (old.Evidence)
        {
            Emit(old.Readiness());
            _lastFirstKernel = old;
        }
        if (_attempt is { } pending && pending.FirstKernel == old && !pending.Confirmed && !pending.KdumpLoaded)
        {
            // An oops the kernel lived through: not a crash that could have been dumped. (With kdump loaded the next
            // boot may be its capture kernel, which confirms it; a first kernel drops it, BootIsFirstKernel.) Kept aside
            // for that next boot alone: kernels before dump_stack printed "Kdump: loaded" never say it (BootIsCapture).
            _droppedOops = pending;
            _attempt = null;
        }
    }

    private void OnCommandLine(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        int colon = text.IndexOf("ommand line:", StringComparison.Ordinal) + "ommand line:".Length;
        ReadOnlySpan<char> args = text[colon..];
        // x86 and ppc64 kexec put elfcorehdr= on the capture kernel's command line; arm64 passes it in the device tree,
        // so there only the kdump tools' own additions tell: reset_devices (kdump-utils, Debian, SUSE, the lab).
        if (Has(args, "elfcorehdr=") || Has(args, " reset_devices") || Has(args, "kdump-tools-dump.service"))
        {
            _boot.Events.Add(new KdumpEvent(n, at, "capture kernel command line"));
            BootIsCapture(n, at);
            return;
        }
        foreach (Range r in args.Split(' '))
        {
            ReadOnlySpan<char> arg = args[r];
            if (arg.StartsWith("crashkernel=", StringComparison.Ordinal))
            {
                _boot.CrashKernelArgument = arg["crashkernel=".Length..].ToString();
                _boot.Evidence = true;
            }
            else if (arg.StartsWith("panic=", StringComparison.Ordinal) && int.TryParse(arg[6..], out int p))
            {
                _boot.PanicTimeout = p;
            }
            else if (arg.SequenceEqual("oops=panic") || arg.StartsWith("panic_on_oops=1", StringComparison.Ordinal))
            {
                _boot.PanicOnOops = true;
            }
            else if (arg.StartsWith("fadump=on", StringComparison.Ordinal))
            {
                _boot.Evidence = true;
                _boot.Events.Add(new KdumpEvent(n, at, "fadump=on"));
            }
        }
        if (_boot.Capture is null)
        {
            _boot.Capture = false;
            BootIsFirstKernel();
        }
    }

    private void BootIsCapture(long n, DateTimeOffset at)
    {
        if (_boot.Capture == true)
        {
            return;
        }
        _boot.Capture = true;
        if (_attempt is null && _droppedOops is { } oops && oops.FirstKernel == _previousBoot)
        {
            // A capture kernel right after a boot whose oops looked lived through: that oops was the crash. The kernel
            // boots the crash image only from __crash_kexec (kernel/kexec_core.c: panic(), and oops_end()'s
            // crash_kexec on x86 and the others), and kexec-tools puts elfcorehdr= on no other image's command line; an
            // oops without "Kdump: loaded" on its CPU line says nothing when the kernel predates that word (2.6-era
            // dump_stack printed no kexec state; round 13: a 2.6.29 ProLiant's kernel BUG, hpwdt NMIs, then its kdump
            // kernel's initramfs panic).
            oops.LivedThrough = false;
            _attempt = oops;
        }
        _droppedOops = null;
        if (_attempt is { } a && a.FirstKernel != _boot)
        {
            a.CaptureBooted(n, at);
            return;
        }
        if (_attempt is { } mine)
        {
            // The crash was in this boot as far as the console showed: the capture kernel's banner was not captured.
            mine.CaptureBooted(n, at);
            return;
        }
        // A capture kernel with no crash before it: a stack overflow or a hard hang kdump'ed with nothing printed, or a
        // console opened late. Only "no crash report" when the console did show the first kernel.
        bool sawFirstKernel = _boot.HasBanner && _boot.StartLine > 1;
        _attempt = new Attempt(_boot.HasBanner ? _boot.StartLine : n, null)
        {
            CaptureWithoutCrash = sawFirstKernel,
            // Its crashkernel size, panic= and oops=panic are the first kernel's the console showed just before: it
            // loaded this capture kernel. (Not its FirstKernel: no report of that boot is this attempt's.)
            ArmedBy = sawFirstKernel && _previousBoot is { Capture: not true, Evidence: true } before ? before : null,
        };
        _attempt.CaptureBooted(n, at);
    }

    private void BootIsFirstKernel()
    {
        _droppedOops = null;
        if (_attempt is { } a && a.FirstKernel != _boot)
        {
            // The machine came back in a normal kernel: no capture kernel ran for that crash (an oops it lived through,
            // kdump loaded or not, was no crash to dump).
            if (a.Confirmed)
            {
                Emit(a.Finish(rebooted: true));
            }
            _attempt = null;
        }
    }

    // ---- the first kernel: readiness ----

    private bool ReadReadiness(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        Boot b = _boot;
        if (SystemctlStatus.Header(text) is { } unit)
        {
            // `systemctl status kdump.service` pasted on the console: its Active: line says how the arming service ended.
            b.StatusUnit = unit;
            b.StatusHeaderLine = n;
            return true;
        }
        if (b.StatusHeaderLine is { } header && n - header <= SystemctlStatus.ActiveWithin
            && SystemctlStatus.ActiveState(text) is { Length: > 0 } state)
        {
            // systemctl-show.c print_status_info: "     Active: failed (Result: exit-code) since …" right after the header's
            // Loaded:/Drop-In: lines, the block's first Active: line (a later one is another unit's). Only a failed unit
            // says anything here: "active (exited)" is the oneshot's normal end (kdump-tools' init script exits 0 even when
            // it loaded nothing), "inactive (dead)" a unit not started.
            b.StatusHeaderLine = null;
            if (state.StartsWith("failed", StringComparison.Ordinal))
            {
                // The journal lines systemctl prints under the block (kdumpctl's own error, "[FAILED]") say why, and replace
                // this reason when they follow.
                b.SetArmed(false, $"kdump service failed ({b.StatusUnit}: {state})", n, at, "systemctl status: kdump service failed", weak: true);
            }
            return true;
        }
        if (SystemctlStatus.ListedFailed(text) is { } listed)
        {
            // systemctl list-units / --failed: "● kdump.service  loaded failed failed Crash recovery kernel arming".
            b.SetArmed(false, $"kdump service failed ({listed} listed failed by systemctl)", n, at, "systemctl: kdump service failed", weak: true);
            return true;
        }
        if (Has(text, "for crashkernel (System RAM:") && CrashKernelSize.NumberBefore(text, "MB of memory at") is { } mb)
        {
            // x86/ppc/s390 "Reserving 256MB of memory at 3840MB for crashkernel (System RAM: 16383MB)".
            bool low = Has(text, "MB of low memory");
            if (!low)
            {
                b.Reserved(mb << 20, CrashKernelSize.NumberBefore(text, "MB)", text.IndexOf("System RAM:", StringComparison.Ordinal)), n, at);
            }
            return true;
        }
        if (Has(text, "fadump") && Has(text, "Reserved ") && Has(text, "(System RAM:") && CrashKernelSize.NumberBefore(text, "MB of memory at") is { } fadumpMb)
        {
            // ppc64 fadump_reserve_mem (arch/powerpc/kernel/fadump.c): "fadump: Reserved 1024MB of memory at
            // 0x00000040000000 (System RAM: 4096MB)".
            b.Reserved(fadumpMb << 20, CrashKernelSize.NumberBefore(text, "MB)", text.IndexOf("System RAM:", StringComparison.Ordinal)), n, at);
            b.FadumpReserved = true;
            return true;
        }
        if (Has(text, "MB memory for crash kernel") && Has(text, "Reserved ") && CrashKernelSize.NumberBefore(text, "MB memory for crash kernel") is { } ctlMb)
        {
            // kdumpctl show_reserved_mem (kdump-utils kdumpctl, since 1a6cb43 "kdumpctl: add showmem cmd", 2018; also on
            // every start): dinfo "Reserved ${mem_mb}MB memory for crash kernel", read back from
            // /sys/kernel/kexec_crash_size (fadump: /sys/kernel/fadump/mem_reserved): the reservation the kernel holds.
            if (ctlMb > 0)
            {
                b.Reserved(ctlMb << 20, null, n, at);
            }
            else
            {
                b.SetArmed(false, "no memory reserved for the capture kernel (kdumpctl: Reserved 0MB memory for crash kernel)", n, at, "no crashkernel region");
            }
            return true;
        }
        if (Has(text, "fadump: Registration is successful"))
        {
            // rtas-fadump.c / opal-fadump.c register: the firmware will preserve the memory on a crash.
            b.FadumpRegistered = true;
            b.SetArmed(true, "fadump registered", n, at, "fadump registered");
            return true;
        }
        if ((Has(text, "crashkernel reserved: 0x") || Has(text, "crashkernel: reserved 0x")) && CrashKernelSize.NumberBefore(text, " MB)") is { } armMb)
        {
            // arm64/riscv/generic: "crashkernel reserved: 0x00000000dfe00000 - 0x00000000efe00000 (256 MB)"; riscv's own
            // reserve_crashkernel (arch/riscv/mm/init.c, 5.13-6.6): "crashkernel: reserved 0x%016llx - 0x%016llx (%lld MB)".
            b.Reserved(armMb << 20, null, n, at);
            return true;
        }
        if (Has(text, "crashkernel region ") && CrashKernelSize.NumberBefore(text, " bytes)") is { } labBytes)
        {
            // The lab's kdump.sh: "kdump: crashkernel region 112 MiB (117440512 bytes), kdump_fail=none".
            if (labBytes > 0)
            {
                b.Reserved(labBytes, null, n, at);
            }
            else
            {
                b.SetArmed(false, "no memory reserved for the capture kernel (crashkernel region is 0 bytes)", n, at, "no crashkernel region");
            }
            return true;
        }
        if (Has(text, "crashkernel reservation failed") || Has(text, "cannot allocate crashkernel")
            || Has(text, "crashkernel: couldn't allocate")
            || Has(text, "crashkernel: memory value expected") || Has(text, "crashkernel: Memory value expected")
            || Has(text, "crashkernel=") && Has(text, "too large"))
        {
            // parse_crashkernel (kernel/crash_core.c, crash_reserve.c): parse_crashkernel_simple says "memory value
            // expected", parse_crashkernel_mem (the ranges) "Memory value expected"; the kernel's words stay in the reason.
            string why = After(text, "crashkernel reservation failed") is { Length: > 0 } detail
                ? detail.TrimStart(" -:").TrimEnd('.').Trim().ToString()
                : Has(text, "emory value expected") ? "the value cannot be read (memory value expected)" : Clip(text);
            b.ReservationFailed = true;
            b.SetArmed(false, $"crashkernel{Arg(b)} could not be reserved: {why}", n, at, "crashkernel reservation failed");
            return true;
        }
        if (Has(text, "Firmware-Assisted Dump is not supported") || Has(text, "Failed to reserve memory") && Has(text, "adump"))
        {
            b.SetArmed(false, $"fadump unavailable: {Clip(text)}", n, at, "fadump failed");
            return true;
        }
        if (Has(text, "No memory reserved for crash kernel") || Has(text, "Memory for crashkernel is not reserved")
            || Has(text, "Please reserve memory by passing") || Has(text, "no crashkernel= parameter"))
        {
            // kexec-tools kexec.c main() die()s with three lines when loading with -p and nothing is reserved: "Memory for
            // crashkernel is not reserved", "Please reserve memory by passing\"crashkernel=Y@X\" parameter to kernel",
            // "Then try to loading kdump kernel"; a journal or test log may keep only the second.
            b.SetArmed(false, $"no memory reserved for the capture kernel (crashkernel{Arg(b)} missing or not reserved)", n, at, "no crashkernel memory");
            return true;
        }
        if (Has(text, "fadump: registered successfully") || Has(text, "fadump: re-registered successfully") || Has(text, "Registered fadump"))
        {
            // kdumpctl fadump_start / fadump re-register (dinfo "fadump: registered successfully", "fadump: re-registered
            // successfully") and openSUSE kdump init/load.sh load_kdump_fadump ("Registered fadump"): the firmware will
            // preserve the memory on a crash. ("fadump: unregistered successfully" and "Unregistered" hold neither.)
            b.FadumpRegistered = true;
            b.SetArmed(true, "fadump registered", n, at, "fadump registered");
            return true;
        }
        if (Has(text, "fadump: failed to register") || Has(text, "FAILED to register fadump") || Has(text, "fadump is not enabled in the kernel"))
        {
            // kdumpctl fadump_start (derror "fadump: failed to register"); openSUSE kdump init/load.sh ("FAILED to register
            // fadump: %s", "fadump is not enabled in the kernel.").
            b.SetArmed(false, Has(text, "not enabled") ? "fadump is not enabled in this kernel" : "fadump registration failed", n, at, "fadump failed");
            return true;
        }
        if (Has(text, "USE_KDUMP is not set") || Has(text, "dump is not supported by this kernel") || Has(text, "dump is not supported on this kernel")
            || Has(text, "fadump is not configured in this kernel") || Has(text, "fadump registering failed"))
        {
            // debian/kdump-config.in check_kdump_support, check_fadump_support, fadump_register (each exits 1);
            // kdumpctl check_kdump_feasibility (RHEL 7: "Kdump is not supported on this kernel").
            string why = Has(text, "USE_KDUMP") ? "kdump is disabled (USE_KDUMP is not set in /etc/default/kdump-tools)"
                : Has(text, "fadump registering failed") ? "fadump registration failed"
                : Has(text, "fadump is not configured") ? "fadump is not configured in this kernel"
                : "kdump is not supported by this kernel";
            b.SetArmed(false, why, n, at, "kdump refused");
            return true;
        }
        if (Has(text, "kernel signature verification failed") || Has(text, "kexec of ") && Has(text, " rejected"))
        {
            // linux kernel/kexec_file.c (pr_fmt "kexec_file: "): 5.4-5.7 pr_notice("kernel signature verification failed
            // (%d).\n") and "%s rejected" ("kexec of unsigned image", "kexec of image with unavailable key", "kexec of
            // image with unsupported crypto"); 5.8+ "Enforced kernel signature verification failed (%d).". The kernel's
            // word names the cause, where kexec's strerror before it does not (-ELIBBAD: "Accessing a corrupted shared
            // library"), so it replaces that reason.
            ReadOnlySpan<char> refusal = Has(text, "kexec_file: ") ? After(text, "kexec_file: ") : ToolMessage(text) is { Length: > 0 } m ? m : text;
            b.SetArmed(false, $"the kernel refused the capture kernel's signature ({Clip(refusal.Trim().TrimEnd('.'))})", n, at, "kexec signature refused", overrides: true);
            return true;
        }
        if (KexecInvocation.Loads(text) is { } panicLoad)
        {
            // kexec-tools' own command line echoed on the console (a shell trace, kdump-config show's "kexec command:"):
            // -l/--load stages a kernel for `kexec -e`, only -p/--load-panic the crash kernel. Not consumed: the same line
            // may hold another rule's words.
            b.PlainKexecLoad = !panicLoad;
        }
        if (b.PlainKexecLoad && (Has(text, "kexec_file_load failed") || Has(text, "kexec_load failed") || Has(text, "Could not find a free area of memory")))
        {
            // kexec-tools prints these for -l and -p alike (kexec.c do_kexec_file_load: "kexec_file_load failed: %s",
            // my_load: "kexec_load failed: %s"; locate_hole: "Could not find a free area of memory…"): after a plain
            // --load the crash kernel was never involved, so the failure says nothing about kdump.
            return true;
        }
        if (Has(text, "kexec_file_load failed") || Has(text, "kexec_load failed") || Has(text, "Could not find a free area of memory")
            || Has(text, "kexec: failed to load kdump kernel") || Has(text, "failed to load kdump kernel"))
        {
            // strerror(ENOKEY) "Required key not available" (kexec-tools do_kexec_file_load), often wrapped after "key".
            string detail = Has(text, "Required key")
                ? "kexec could not load the capture kernel: Required key not available (Secure Boot refuses an unsigned kdump kernel)"
                : Has(text, "Operation not permitted")
                    ? "kexec could not load the capture kernel: Operation not permitted (lockdown or missing privilege)"
                    : Has(text, "Could not find a free area of memory")
                        ? $"kexec could not load the capture kernel: it does not fit in the crashkernel{Arg(b)} reservation"
                        : b.ServiceError is { } e ? $"kexec could not load the capture kernel: {e}"
                        : $"kexec could not load the capture kernel ({(ToolMessage(text) is { Length: > 0 } message ? Clip(message) : Clip(text))})";
            b.SetArmed(false, detail, n, at, "kexec load failed");
            return true;
        }
        if (Has(text, "prairiedog") || Has(text, "[INFO] ") || Has(text, "[ERROR] "))
        {
            // Bottlerocket's own loader (bottlerocket-core-kit sources/api/prairiedog, load_crash_kernel, run by
            // load-crash-kernel.service "Load crash kernel"; simplelog lines "HH:MM:SS [LEVEL] message"): "Crash kernel
            // loaded" only after `kexec -ps` succeeded; with /sys/kernel/kexec_crash_size 0 it says "No memory assigned
            // for crash kernel…" and exits 0 (so the unit's "Finished" says nothing); kexec_load_disabled=1 fails with
            // "Kexec load syscalls are disabled…". Its "Loading crash kernel" before the kexec is no result.
            if (Has(text, "] Crash kernel loaded"))
            {
                b.SetArmed(true, "capture kernel loaded", n, at, "capture kernel loaded");
                return true;
            }
            if (Has(text, "No memory assigned for crash kernel"))
            {
                b.SetArmed(false, $"no memory reserved for the capture kernel (crashkernel{Arg(b)} missing or not reserved)", n, at, "no crashkernel memory");
                return true;
            }
            if (Has(text, "Kexec load syscalls are disabled"))
            {
                b.SetArmed(false, "kexec could not load the capture kernel: kexec load syscalls are disabled (kernel.kexec_load_disabled=1)", n, at, "kexec load failed");
                return true;
            }
        }
        if (Has(text, "kexec: loaded kdump kernel") || Has(text, "loaded kdump kernel") && !Has(text, "unloaded")
            || Has(text, "kexec_crash_loaded=1") || Has(text, "fadump registered successfully"))
        {
            b.SetArmed(true, "capture kernel loaded", n, at, "capture kernel loaded");
            return true;
        }
        if (Has(text, "kexec_crash_loaded=0"))
        {
            b.SetArmed(false, "no capture kernel loaded (/sys/kernel/kexec_crash_loaded=0)", n, at, "capture kernel not loaded");
            return true;
        }
        if (Has(text, "Dump mode is fadump"))
        {
            // kdumpctl determine_dump_mode (dinfo "Dump mode is fadump"): its status and start lines after it are fadump's.
            b.FadumpMode = true;
            return true;
        }
        if (Has(text, "current state") && (Has(text, "ready to kdump") || Has(text, "ready to fadump"))
            || Has(text, "Kdump is operational") || Has(text, "Kdump is not operational"))
        {
            // Status read back from the running kernel, not a load: kdump-config show/status ("current state:    ready to
            // kdump", "current state   : Not ready to fadump": /sys/kernel/kexec_crash_loaded or fadump_registered) and
            // kdumpctl status (dinfo "Kdump is operational" / "Kdump is not operational", is_kernel_loaded of the dump mode).
            bool fadump = Has(text, "fadump") || b.FadumpMode;
            if (Has(text, "Not ready") || Has(text, "not operational"))
            {
                b.SetArmed(false, $"{(fadump ? "fadump not registered" : "no capture kernel loaded")} ({Clip(ToolMessage(text) is { Length: > 0 } m ? m : text.Trim())})", n, at, "kdump status: not loaded", explainsRun: false);
                return true;
            }
            b.FadumpRegistered |= fadump;
            b.SetArmed(true, fadump ? "fadump registered" : "capture kernel loaded", n, at, "kdump status: loaded");
            return true;
        }
        if (Has(text, "Starting kdump:") && Has(text, "[OK]"))
        {
            b.SetArmed(true, "kdump service started", n, at, "kdump service started");
            b.EndRun();
            return true;
        }
        if (Has(text, "Starting kdump:") && Has(text, "FAILED") || Has(text, "Failed to start Crash recovery kernel arming")
            || Has(text, "kdump.service: Failed with result") || Has(text, "kdump-tools.service: Failed with result")
            || Has(text, "Job for kdump.service failed") || Has(text, "Job for kdump-tools.service failed"))
        {
            // systemctl start's own answer when the job fails (systemd src/shared/bus-wait-for-jobs.c,
            // log_job_error_with_service_result: "Job for %s failed because %s." or "Job for %s failed."): the arming
            // unit's start failed, as its "Failed with result" journal line says.
            b.SetArmed(false, b.ServiceError is { } e ? $"kdump service failed: {e}" : "kdump service failed", n, at, "kdump service failed", explainsRun: false);
            if (Has(text, "Starting kdump:"))
            {
                b.EndRun();
            }
            return true;
        }
        if (ToolMessage(text) is { Length: > 0 } said && LooksLikeError(said) && !Has(said, "Starting kdump"))
        {
            // kdumpctl's and kdump-config's own complaint before "[FAILED]": "Failed to detect kdump kernel location".
            // kdumpctl check_rebuild says "No kdump initial ramdisk found." with dinfo (kdump-utils 63f248c kdumpctl:730)
            // and goes on to rebuild: the rebuild's own derror ("… does not have write permission. Cannot rebuild …") is
            // the failure, so it replaces that notice; otherwise the first complaint stays.
            if (b.ServiceError is null || b.ServiceError.StartsWith("No kdump initial ramdisk found", StringComparison.Ordinal))
            {
                b.ServiceError = said.TrimEnd('.').ToString();
            }
            b.Evidence = true;
            b.Events.Add(new KdumpEvent(n, at, "kdump service error"));
            return true;
        }
        return false;
    }

    // ---- the first kernel: the crash and the jump ----

    private void ReadCrash(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        if (XenHardwareDomainCrashWentOn(text))
        {
            // Xen's own word on the crash of its dom0 (xen/common/shutdown.c hwdom_shutdown, SHUTDOWN_crash; before 4.5
            // dom0_shutdown's "Domain 0 crashed: "): it prints "Hardware Dom%u crashed: " without a newline, calls
            // kexec_crash(), which boots the crash image dom0's kdump loaded into Xen and returns only when none is
            // loaded (xen/common/kexec.c), then maybe_reboot()/reboot_or_halt() ends the same line with "rebooting
            // machine in 5 seconds." or "'noreboot' set - not rebooting.". Like panic()'s countdown after __crash_kexec():
            // the crash went on without a capture kernel (round 15: a Xen 4.0 dom0, its sysrq oops and its panic).
            Attempt a = AttemptAt(n);
            a.Confirm(n);
            a.PanicMessage ??= Clip(text.Trim());
            if (!a.WentOn)
            {
                a.WentOn = true;
                a.WentOnTo = $"went on to Xen's {(Has(text, "noreboot") ? "halt" : "reboot")} (\"{Clip(After(text, "crashed: ").Trim())}\")";
                a.Add(n, at, "dom0 crash went on without kdump");
                Emit(a.Finish(rebooted: false));
                _attempt = null;
            }
            return;
        }
        if (Has(text, "Rebooting in") || Has(text, "---[ end Kernel panic") || Has(text, "reboot: Restarting system"))
        {
            // Before the panic line: panic()'s end marker repeats its text ("---[ end Kernel panic - not syncing: %s ]---").
            // Not after the crashed kernel's last line ("Bye!", purgatory): machine_kexec does not return, so a reboot
            // then is the next kernel's, whose banner the console (or a log that tags its untimed lines as user space's)
            // did not show (round 17: a Microdroid crash kernel's init rebooting after its save).
            if (_attempt is { Confirmed: true } a && a.FirstKernel == _boot && !a.WentOn && !a.Landed)
            {
                // panic() tries the capture kernel before it counts down: the kernel going on means none was loaded.
                a.WentOn = true;
                a.WentOnTo = Has(text, "end Kernel panic") ? "ran to its end marker" : "went on to reboot";
                a.Add(n, at, "panic went on without kdump");
                // The story is over here, not at the next banner: panic() calls __crash_kexec() (and, through its
                // notifiers, fadump and s390's dump-on-panic) before it counts down or prints its end marker, so no
                // capture kernel can follow, and nothing the console prints later changes the outcome. Closing now
                // also keeps a console that never shows the next boot's banner (concatenated logs, a SOL session
                // opened late) from holding an attempt open over every later crash.
                Emit(a.Finish(rebooted: false));
                _attempt = null;
            }
            return;
        }
        if (IsPanicLine(text))
        {
            Attempt a = AttemptAt(n);
            a.Confirm(n);
            a.PanicMessage ??= Clip(After(text, "not syncing") is { } m ? m.TrimStart(": ") : text);
            a.Add(n, at, "panic");
            return;
        }
        if (Has(text, "Starting crashdump kernel"))
        {
            // arm64/riscv/loongarch machine_crash_shutdown: printed only on the way into the capture kernel.
            Attempt a = AttemptAt(n);
            a.Confirm(n);
            a.Jumped = true;
            a.Add(n, at, "starting crashdump kernel");
            return;
        }
        if ((Has(text, "I'm in purgatory") || Has(text, "kexec: Starting switchover sequence")) && _attempt is { } crashed && crashed.FirstKernel == _boot)
        {
            // kexec-tools' purgatory and ppc64's switchover print on every kexec, a plain "kexec -e" reboot too: they
            // are a jump into the capture kernel only after a crash.
            crashed.Confirm(n);
            crashed.Jumped = true;
            // An oops whose trace had ended looked lived through (TraceEnded); the kexec says it was not, and the words
            // only a dump needs (purgatory's next) are looked for again.
            crashed.LivedThrough = false;
            crashed.Landed |= Has(text, "I'm in purgatory");
            crashed.Add(n, at, Has(text, "purgatory") ? "purgatory" : "kexec switchover");
            return;
        }
        if (text.Trim().SequenceEqual("Bye!") && _attempt is { Jumped: true } jumped)
        {
            jumped.Landed = true;
            jumped.Add(n, at, "bye");
            return;
        }
        if (Has(text, "Kdump: loaded"))
        {
            // RHEL kernels print it on the oops's CPU line (dump_stack_print_info).
            _boot.SetArmed(true, "capture kernel loaded (Kdump: loaded)", n, at, null);
            if (_attempt is { } a && a.FirstKernel == _boot)
            {
                a.KdumpLoaded = true;
            }
            return;
        }
        if (IsCrashStart(text))
        {
            Attempt a = AttemptAt(n);
            a.LastCrashLine = n;
            if (a.Events.Count == 0)
            {
                a.Add(n, at, "crash report");
            }
            if (Has(text, "Trigger a crash"))
            {
                // sysrq-c (drivers/tty/sysrq.c, action_msg "Trigger a crash"): sysrq_handle_crash sets panic_on_oops = 1
                // ("force panic") before its NULL write, or calls panic() outright in later kernels, so the oops after it
                // is one the kernel does not live through even when the console ends before the panic line.
                a.PanicForced = true;
            }
            else if (a.PanicForced)
            {
                // That oops: the attempt is fatal from its first line, the first line of the report that holds it (the
                // reader gives a story to the report its fatal line is in; the sysrq line comes before the report).
                a.Confirm(n);
            }
        }
    }

    private static bool XenHardwareDomainCrashWentOn(ReadOnlySpan<char> text) =>
        (Has(text, "Domain 0 crashed: ") || Has(text, "Hardware Dom") && Has(text, " crashed: "))
        && (Has(text, "crashed: rebooting machine in") || Has(text, "crashed: 'noreboot' set"));

    // panic() prints "Kernel panic - not syncing: %s" itself (kernel/panic.c pr_emerg); the same words in quotes are
    // someone quoting a panic: the crash utility's summary of a saved dump (crash kernel.c display_sys_stats:
    // "       PANIC: \"%s\"" with the panic message), a test log, a mail.
    private static bool IsPanicLine(ReadOnlySpan<char> text)
    {
        int at = text.IndexOf("Kernel panic - not syncing", StringComparison.Ordinal);
        return at >= 0 && (at == 0 || text[at - 1] is not ('"' or '\'' or '`' or '“'));
    }

    // The report's first line as the kernel prints it, at the start of the line; leading blanks are a paste's indentation
    // (round 12: a mail indents its console four spaces and has no printk times for LinePrefix to take off).
    private static bool IsCrashStart(ReadOnlySpan<char> line) => IsCrashStartAtLineStart(line.TrimStart(' '));

    private static bool IsCrashStartAtLineStart(ReadOnlySpan<char> text) =>
        text.StartsWith("Oops", StringComparison.Ordinal) || text.StartsWith("Internal error:", StringComparison.Ordinal)
        || text.StartsWith("BUG: unable to handle", StringComparison.Ordinal) || text.StartsWith("BUG: kernel NULL", StringComparison.Ordinal)
        || text.StartsWith("kernel BUG at", StringComparison.Ordinal) || Has(text, "general protection fault")
        || text.StartsWith("Unable to handle kernel", StringComparison.Ordinal) || Has(text, "Trigger a crash");

    private Attempt AttemptAt(long n)
    {
        if (_attempt is { } open && open.FirstKernel == _boot)
        {
            // A crash line again: the attempt is followed as a possible dump again (TraceEnded).
            open.LivedThrough = false;
            return open;
        }
        if (_attempt is { } old)
        {
            Emit(old.Finish(rebooted: true));
        }
        _attempt = new Attempt(n, _boot);
        return _attempt;
    }

    // ---- the capture kernel ----

    private void ReadCaptureKernel(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        Attempt? a = _attempt;
        if (a is null)
        {
            return;
        }
        if (Has(text, "Out of memory and no killable processes") || Has(text, "System is deadlocked on memory"))
        {
            if (!a.CaptureOom)
            {
                a.CaptureOom = true;
                a.Add(n, at, "capture kernel out of memory");
            }
        }
        if (IsPanicLine(text) && !Has(text, "---[ end Kernel panic"))
        {
            a.CapturePanic ??= Clip(After(text, "not syncing") is { } m ? m.TrimStart(": ") : text);
            a.Add(n, at, "capture kernel panic");
            return;
        }
        if (Has(text, "page allocation failure"))
        {
            if (!a.AllocationFailure)
            {
                a.AllocationFailure = true;
                a.Add(n, at, "capture kernel page allocation failure");
            }
            return;
        }
        if (Has(text, "Entering kdump emergency mode"))
        {
            a.ToolError ??= "kdump entered emergency mode";
            a.Add(n, at, "kdump emergency mode");
            return;
        }
        if (IsCrashStart(text) && a.CaptureCrash is null)
        {
            a.CaptureCrash = Clip(text);
            a.Add(n, at, "capture kernel crash report");
            return;
        }
        if (a.Crashdump && !a.SaveFailed && MicrodroidCrashdump.IsCompletedReboot(text))
        {
            // crashdump's own reboot(2), made only after its copy of /proc/vmcore completed.
            a.Saved = true;
            a.Add(n, at, "vmcore saved (Microdroid crashdump done, rebooting)");
            return;
        }
        if (Has(text, "Rebooting in") || Has(text, "reboot: Restarting system") || Has(text, "reboot: Power down"))
        {
            a.Add(n, at, "capture kernel reboots");
        }
    }

    // The save: kdump-utils' dracut module (kdump.sh), Debian's kdump-config, SUSE's kdump-save, makedumpfile and the lab.
    // These lines say by themselves that a capture kernel runs, whatever boot the console showed them in.
    private bool ReadSave(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        if (MicrodroidCrashdump.IsStart(text)
            && (_boot.Capture == true || _attempt is { Jumped: true } jumped && (jumped.FirstKernel != _boot || jumped.Landed)))
        {
            // Microdroid's crash-kernel init (microdroid/kdump/crashdump.c) begins copying /proc/vmcore to the host. Its
            // words are plain, so only after the jump (its crash kernel prints no elfcorehdr: arm64 passes it in the
            // device tree, and the kernel is quiet about it): round 17, Android's own ramdump example. After "Bye!" even
            // with no banner between (a journal shows the crash kernel's untimed lines as the last record's own), as for
            // a crash after the jump.
            Attempt a = SaveAttempt(n, at);
            a.Crashdump = true;
            a.SaveStarted = true;
            a.Add(n, at, "saving vmcore (Microdroid crashdump)");
            return true;
        }
        if (MicrodroidCrashdump.IsFailure(text) && _attempt is { Crashdump: true } stopped)
        {
            stopped.SaveFailed = true;
            stopped.ToolError ??= "Microdroid's crashdump failed";
            stopped.Add(n, at, "saving vmcore failed");
            return true;
        }
        if (Has(text, "Kdump Vmcore Save Service") || Has(text, "kdump-capture.service:"))
        {
            // kdump-utils dracut/99kdumpbase/kdump-capture.service (Description=Kdump Vmcore Save Service,
            // ConditionPathExists=/etc/initrd-release): it runs only in the kdump initramfs, so in a capture kernel.
            // module-setup.sh installs the unit file only there (inst "$moddir/kdump-capture.service"
            // "$systemdsystemunitdir/kdump-capture.service"; the package keeps it under dracut's modules.d), so systemd
            // naming it as a unit it runs or parses ("kdump-capture.service: Main process exited, …",
            // "/usr/lib/systemd/system/kdump-capture.service:23: Standard output type syslog is obsolete, …") is
            // the capture kernel's systemd too; a dracut or mkdumprd line that lists the file holds no "service:".
            Attempt a = SaveAttempt(n, at);
            if (Has(text, "Failed to start"))
            {
                // systemd's word on kdump.sh's exit status: the save (or the target before it) failed. kdump.sh exits
                // non-zero only when the dump failed, so a completed save stays saved.
                a.SaveFailed |= !a.Saved;
                a.ServiceFailed = true;
                a.Add(n, at, "kdump save service failed");
            }
            else if (Has(text, "Starting"))
            {
                a.Add(n, at, "kdump save service starts");
            }
            return true;
        }
        if (IsSaveScriptOutput(text))
        {
            // kdump-utils dracut/99kdumpbase: kdump-capture.service runs ExecStart=/bin/kdump.sh with
            // StandardOutput=journal and StandardError=journal+console, and module-setup.sh installs kdump.sh only into
            // the kdump initramfs (inst "$moddir/kdump.sh" "/usr/bin/kdump.sh"): a line the journal tags kdump.sh[PID]
            // is the capture kernel's save script, its core collector's progress and errors. The save has begun (a
            // paste may start inside makedumpfile's output, before "saving vmcore" would have shown it).
            Attempt a = SaveAttempt(n, at);
            if (!a.SaveStarted && !a.Saved && !a.SaveFailed)
            {
                a.SaveStarted = true;
                a.Add(n, at, "saving vmcore");
                a.NoteToolError(text);
            }
        }
        if (CoreCollectorError.Read(text, ToolMessage(text)) is { } collector)
        {
            if (_attempt is { CaptureSeen: true } saving)
            {
                saving.CollectorError ??= collector;
                saving.Add(n, at, "core collector error");
            }
            else
            {
                _collectorError = collector; // the save lines that follow tell that a capture kernel runs
            }
            return true;
        }
        if (Has(text, "Running makedumpfile") && Has(text, " /proc/vmcore") && Has(text, " failed ("))
        {
            // openSUSE kdump kdumptool ProcessDataProvider::saveToFile: KError("Running " + cmdline + " failed (" + exit
            // status + ")."), the command line ending in the dump it reads, /proc/vmcore (kdump-save in the kdump initramfs),
            // which only a capture kernel has. SaveDump::saveDump runs the dmesg step first ("Extracting dmesg"), prints its
            // error and goes on to the vmcore; the vmcore step's error is rethrown: the save failed.
            Attempt a = SaveAttempt(n, at);
            a.SaveStarted = true;
            if (Has(text, "--dump-dmesg"))
            {
                a.MakedumpfileFailed = false; // the "makedumpfile Failed." just before it was the dmesg step's
                a.Add(n, at, "saving vmcore-dmesg.txt failed");
            }
            else
            {
                a.SaveFailed = true;
                a.ToolError ??= (ToolMessage(text) is { Length: > 0 } said ? said : text.Trim()).TrimEnd('.').ToString();
                a.Add(n, at, "saving vmcore failed");
            }
            return true;
        }
        if (Has(text, "saving vmcore-dmesg") || Has(text, "dmesg content") || IsToolDmesgRun(text)
            || Has(text, "Extracting dmesg") || Has(text, "Saved dmesg"))
        {
            // kdump-config's "saved dmesg content in %s" / "failed to save dmesg content in %s" too: a dmesg that failed
            // is no failed vmcore (the tools go on to the vmcore).
            Attempt a = SaveAttempt(n, at);
            a.Add(n, at, Has(text, "fail") ? "saving vmcore-dmesg.txt failed" : Has(text, "complete") || Has(text, "aved dmesg") ? "vmcore-dmesg.txt saved" : "saving vmcore-dmesg.txt");
            return true;
        }
        if (Has(text, "makedumpfile failed, falling back to"))
        {
            // kdump-tools kdump-config kdump_save_core ("makedumpfile failed, falling back to 'cp'") and
            // kdump_save_core_to_ssh (… 'scp'): the pipe through makedumpfile failed, so the whole /proc/vmcore is
            // copied instead, and "saved vmcore in" or "failed to save vmcore in" comes after. Not a verdict: the
            // save goes on (makedumpfile's own "makedumpfile Failed." before it no longer decides).
            Attempt a = SaveAttempt(n, at);
            a.MakedumpfileFailed = false;
            a.SaveStarted = true;
            a.Add(n, at, "makedumpfile failed; copying the whole vmcore instead");
            return true;
        }
        if (Has(text, "Cannot save core") || Has(text, "Unable to reach remote server"))
        {
            // kdump-tools kdump-config, run as "savecore" in the capture kernel only: kdump_save_core ("Unable to mount
            // remote NFS directory %s. Cannot save core", "Unable to write to the remote NFS directory %s. Cannot save
            // core") and kdump_save_core_to_ssh ("Unable to reach remote server %s; can't continue"): the dump target
            // cannot be reached, and the save returns 1.
            Attempt a = SaveAttempt(n, at);
            a.SaveFailed = true;
            a.ToolError ??= (ToolMessage(text) is { Length: > 0 } said ? said : text.Trim()).TrimEnd('.').ToString();
            a.Add(n, at, "dump target unreachable");
            return true;
        }
        if (EndsWith(text, "Deleting vmcore") && _attempt is { CaptureSeen: true } kept)
        {
            // openSUSE/kdump dracut/kdump-save: with less free space than KDUMP_FREE_DISK_SIZE left after the save it
            // says "Remaining space (%s MB) less than KDUMP_FREE_DISK_SIZE (%s MB)", "Deleting vmcore" and removes it.
            kept.Deleted = true;
            kept.Add(n, at, "vmcore deleted");
            return true;
        }
        if (Has(text, "saving opalcore"))
        {
            // kdump-utils save_opalcore_fs/_ssh (powernv's OPAL core, saved beside the vmcore): never the vmcore's result.
            Attempt a = SaveAttempt(n, at);
            a.Add(n, at, Has(text, "fail") ? "saving opalcore failed" : Has(text, "complete") ? "opalcore saved" : "saving opalcore");
            return true;
        }
        if (Has(text, "saving vmcore complete") || Has(text, "Dump saving completed") || Has(text, "Saved vmcore"))
        {
            Attempt a = SaveAttempt(n, at);
            a.Saved = true;
            a.Add(n, at, "vmcore saved");
            return true;
        }
        if (Has(text, "saved vmcore in"))
        {
            Attempt a = SaveAttempt(n, at);
            a.Saved = true;
            string path = After(text, "saved vmcore in").Trim().TrimEnd('.').ToString();
            if (path.Length > 0)
            {
                a.VmcorePath = path;
            }
            else
            {
                _pathWraps = true; // a mail-wrapped "… saved vmcore in\n/var/crash/…"
            }
            a.Add(n, at, "vmcore saved");
            return true;
        }
        if (Has(text, "saving vmcore failed") || Has(text, "sync vmcore failed") || Has(text, "moving vmcore failed")
            || Has(text, "failed to save vmcore") || Has(text, "Failed saving vmcore"))
        {
            Attempt a = SaveAttempt(n, at);
            a.SaveFailed = true;
            a.ExitCode ??= After(text, "exitcode:") is { Length: > 0 } code ? code.Trim().ToString() : null;
            a.Add(n, at, "saving vmcore failed");
            return true;
        }
        if (EndsWith(text, "saving vmcore") || Has(text, "running makedumpfile") || Has(text, "Saving dump")
            || Has(text, "sending makedumpfile"))
        {
            Attempt a = SaveAttempt(n, at);
            if (!a.SaveStarted)
            {
                a.SaveStarted = true;
                a.Add(n, at, "saving vmcore");
            }
            return true;
        }
        if (Has(text, "kdump") && (Has(text, ": saving to ") || Has(text, "kdump: dump target is "))
            || Has(text, "kdump") && Has(text, "saving to raw disk") || Has(text, "Dumping to NFS mountpoint"))
        {
            Attempt a = SaveAttempt(n, at);
            ReadOnlySpan<char> target = Has(text, "saving to ") ? After(text, "saving to ") : Has(text, "target is ") ? After(text, "target is ") : After(text, "mountpoint ");
            if (Has(text, "saving to ") && !Has(text, "raw disk"))
            {
                // kexec-tools dracut-kdump.sh dump_fs: "dump target is $_dev" names the device, then "saving to
                // $_mp/$KDUMP_PATH/…/" the directory the vmcore goes to: the directory wins.
                a.Target = target.Trim().ToString();
            }
            else
            {
                a.Target ??= target.Trim().ToString();
            }
            a.Add(n, at, "save target chosen");
            return true;
        }
        if (Has(text, "kdumproot") && !Has(text, "--mount") && _boot.Capture != true && _attempt is not { CaptureSeen: true })
        {
            // kdump-utils kdump-lib.sh get_kdump_mntpoint_from_target (kexec-tools e08ef78, 2015): a dump target that is
            // not the root disk is mounted under /kdumproot "in 2nd kernel" only (mkdumprd writes it into the kdump
            // initramfs's fstab; systemd names the unit kdumproot.mount). A console naming it shows the capture kernel,
            // even one that hangs before kdump.sh says a word (an NFS target that never comes). (In the first kernel the
            // path shows only in dracut's own command line, "Executing: … --mount '… /kdumproot/…'", when kdumpctl
            // rebuilds the initramfs.) Not returned: the line may still be the tool's error (below).
            SaveAttempt(n, at).Add(n, at, "kdump target mount (/kdumproot)");
        }
        if (_boot.Capture == true || _attempt is { CaptureSeen: true })
        {
            if (Has(text, "The kernel version is not supported"))
            {
                _attempt!.VersionWarning = true;
                return true;
            }
            if (Has(text, "The dumpfile is saved to "))
            {
                string file = After(text, "The dumpfile is saved to ").Trim().TrimEnd('.').ToString();
                _attempt!.DumpFile ??= file;
                // makedumpfile.c main prints it only when the dump was written (retcd == COMPLETED), then "makedumpfile
                // Completed."; "STDOUT" is a pipe (kdump-tools' `makedumpfile -F … | compress`) whose far end may still fail.
                _attempt.WrittenDumpFile = file == "STDOUT" ? null : file;
                return true;
            }
            if (Has(text, "makedumpfile Completed") && _attempt!.WrittenDumpFile is { } written)
            {
                // The core collector wrote the vmcore and exited 0: what is left of the save script is a rename and a sync
                // (kdump-utils dracut-kdump.sh save_vmcore_fs: `mv vmcore-incomplete vmcore`, sync, "saving vmcore
                // complete"; kdump-config: `mv dump-incomplete dump.$stamp`, "saved vmcore in"). The dmesg step's own
                // "makedumpfile Completed." ("The dmesg log is saved to …" before it) is not the vmcore's.
                _attempt.CollectorCompleted = written;
                _attempt.WrittenDumpFile = null;
                _attempt.MakedumpfileFailed = false;
                _attempt.Add(n, at, "makedumpfile completed");
                return true;
            }
            if (Has(text, "makedumpfile Failed"))
            {
                _attempt!.MakedumpfileFailed = true;
                _attempt.Add(n, at, "makedumpfile failed");
                return true;
            }
            if (Has(text, "Executing final action") || Has(text, "Executing failure action"))
            {
                _attempt!.Add(n, at, Has(text, "failure action") ? "failure action" : "final action");
                return true;
            }
            if (_attempt is { } a && ToolMessage(text) is { Length: > 0 } said && LooksLikeError(said))
            {
                a.ToolError ??= said.TrimEnd('.').ToString();
                a.Add(n, at, "kdump error");
                return true;
            }
        }
        return false;
    }

    // kdump-tools kdump-config dump_dmesg: log_action_msg "running makedumpfile --dump-dmesg $vmcore $outfile", and on
    // failure "makedumpfile --dump-dmesg failed. dmesg content will be unavailable". The bare command, typed at a shell
    // on a saved vmcore ("# makedumpfile --dump-dmesg vmcore dmesg"), is no capture kernel's.
    private static bool IsToolDmesgRun(ReadOnlySpan<char> text) =>
        Has(text, "running makedumpfile --dump-dmesg") || Has(text, "makedumpfile --dump-dmesg failed");

    // "kdump.sh[707]: …": the journal's tag of kdump-capture.service's script (identifier, "[", the PID, "]: ").
    private static bool IsSaveScriptOutput(ReadOnlySpan<char> text)
    {
        int i = text.IndexOf("kdump.sh[", StringComparison.Ordinal);
        if (i < 0 || i > 0 && text[i - 1] != ' ')
        {
            return false;
        }
        int j = i + "kdump.sh[".Length;
        int digits = j;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            j++;
        }
        return j > digits && text[j..].StartsWith("]: ", StringComparison.Ordinal);
    }

    private Attempt SaveAttempt(long n, DateTimeOffset at)
    {
        if (_boot.Capture != true)
        {
            if (_attempt is { } mine && mine.FirstKernel == _boot)
            {
                // The crash and the save in one "boot": the console missed the capture kernel's banner. What follows is
                // the capture kernel's.
                _boot = new Boot(n, banner: false) { Capture = true };
                mine.CaptureBooted(n, at);
            }
            else
            {
                BootIsCapture(n, at);
            }
        }
        Attempt a = _attempt!;
        if (!a.CaptureSeen)
        {
            a.CaptureBooted(n, at);
        }
        if (_collectorError is { } pending)
        {
            a.CollectorError ??= pending;
            _collectorError = null;
        }
        return a;
    }

    private void Emit(KdumpFinding finding)
    {
        int at = _ready.Count;
        while (at > 0 && _ready[at - 1].StartLine > finding.StartLine)
        {
            at--;
        }
        _ready.Insert(at, finding);
    }

    // ---- text helpers ----

    private static bool Has(ReadOnlySpan<char> text, string word) => text.Contains(word, StringComparison.Ordinal);

    private static bool EndsWith(ReadOnlySpan<char> text, string word) => text.TrimEnd().EndsWith(word, StringComparison.Ordinal);

    private static ReadOnlySpan<char> After(ReadOnlySpan<char> text, string word)
    {
        int i = text.IndexOf(word, StringComparison.Ordinal);
        return i < 0 ? [] : text[(i + word.Length)..];
    }

    private static string Arg(Boot b) => b.CrashKernelArgument is { } a ? $"={a}" : "";

    private static string Clip(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        return (text.Length > 160 ? text[..160] : text).ToString();
    }

    // The message of a kdump tool's line: after "kdump: ", "kdump[123]: ", "kdumpctl[9]: kdump: ", "kdump-tools: ",
    // "kdump-config: ", "kdump.sh[511]: ", or a SUSE "Error: "/"Fatal error: ".
    private static ReadOnlySpan<char> ToolMessage(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> rest = text;
        bool found = false;
        while (true)
        {
            // A tool's name begins with "kdump" (kdump, kdumpctl, kdump-tools, kdump.sh): "kdump" inside a word is another
            // tool's ("mkdumprd: failed to make kdump initrd", kdumpctl's derror, keeps its "mkdumprd: ").
            int k = KdumpWord(rest);
            if (k < 0)
            {
                break;
            }
            int i = k + 5;
            while (i < rest.Length && (char.IsAsciiLetterOrDigit(rest[i]) || rest[i] is '-' or '.' or '_'))
            {
                i++;
            }
            if (i < rest.Length && rest[i] == '[')
            {
                int close = rest[i..].IndexOf(']');
                i = close < 0 ? rest.Length : i + close + 1;
            }
            if (i + 1 < rest.Length && rest[i] == ':' && rest[i + 1] == ' ')
            {
                rest = rest[(i + 2)..];
                found = true;
                continue;
            }
            break;
        }
        if (!found)
        {
            int e = text.IndexOf("rror: ", StringComparison.Ordinal);
            if (e > 0 && (text[..e].EndsWith("E", StringComparison.Ordinal) || text[..e].EndsWith("Fatal e", StringComparison.Ordinal)))
            {
                return text[(e + 6)..].Trim();
            }
            return [];
        }
        return rest.TrimStart(" *").Trim();
    }

    // Where "kdump" begins a word in the text, or -1.
    private static int KdumpWord(ReadOnlySpan<char> text)
    {
        int from = 0;
        while (from < text.Length)
        {
            int k = text[from..].IndexOf("kdump", StringComparison.Ordinal);
            if (k < 0)
            {
                return -1;
            }
            k += from;
            if (k == 0 || !char.IsAsciiLetterOrDigit(text[k - 1]))
            {
                return k;
            }
            from = k + 5;
        }
        return -1;
    }

    private static bool LooksLikeError(ReadOnlySpan<char> said) =>
        (said.Contains("fail", StringComparison.OrdinalIgnoreCase) || Has(said, "not found") || Has(said, "not a mount point")
            || Has(said, "isn't ready") || Has(said, "Unable to") || Has(said, "Cannot") || Has(said, "Can not") || Has(said, "cannot")
            || Has(said, "No such") || said.StartsWith("No ", StringComparison.Ordinal) || Has(said, "not exist") || Has(said, "not supported") || Has(said, "not set"))
        && !Has(said, "saving vmcore") && !Has(said, "failure_action") && !Has(said, "Executing");

    // ---- state ----

    /// <summary>One boot of a kernel as the console showed it.</summary>
    private sealed class Boot(long startLine, bool banner)
    {
        public long StartLine { get; } = startLine;
        public bool HasBanner { get; } = banner;
        public bool? Capture { get; set; }
        public bool Evidence { get; set; }
        public string? CrashKernelArgument { get; set; }
        public long? ReservedBytes { get; private set; }
        public long? SystemRamBytes { get; private set; }
        public bool? Armed { get; private set; }
        public string? NotArmedReason { get; private set; }
        public string? ServiceError { get; set; }
        // `systemctl status` of an arming unit: its header's line, until its Active: line is read.
        public long? StatusHeaderLine { get; set; }
        public string? StatusUnit { get; set; }
        public int? PanicTimeout { get; set; }
        public bool? PanicOnOops { get; set; }
        public bool FadumpRegistered { get; set; }
        public bool FadumpMode { get; set; }
        // The last kexec command line seen staged a kernel with -l/--load, not the crash kernel with -p.
        public bool PlainKexecLoad { get; set; }
        public bool FadumpReserved { get; set; }
        public long LastLine { get; private set; }
        public KdumpTimeline Events { get; } = new();

        // The kernel's own word on the reservation beats the argument: a failed one reserved nothing, whatever was asked.
        public long? CrashKernelBytes => ReservedBytes ?? (CrashKernelArgument is { } a && !ReservationFailed ? CrashKernelSize.FromArgument(a, SystemRamBytes) : null);

        public bool ReservationFailed { get; set; }

        public void Reserved(long bytes, long? systemRamMb, long n, DateTimeOffset at)
        {
            ReservedBytes = bytes;
            SystemRamBytes = systemRamMb is { } mb ? mb << 20 : SystemRamBytes;
            Evidence = true;
            LastLine = n;
            Events.Add(new KdumpEvent(n, at, $"crashkernel reserved ({CrashKernelSize.Format(bytes)})"));
        }

        // A reason that only says the service failed (systemctl's unit state), which the service's own words replace.
        private bool _weakReason;

        public void SetArmed(bool armed, string reason, long n, DateTimeOffset at, string? @event, bool overrides = false, bool weak = false, bool explainsRun = true)
        {
            Evidence = true;
            LastLine = n;
            if (@event is not null)
            {
                Events.Add(new KdumpEvent(n, at, @event));
            }
            if (!armed)
            {
                // The first specific reason stays: "No memory reserved" explains the "[FAILED]" that follows it. But
                // not past the end of the run it explained: a failure after that belongs to the next run, whose reason
                // is the state now (round 15: a first `kdumpctl start` without its kernel image, a second one whose
                // kexec_load fails).
                if (overrides || Armed != false || NotArmedReason is null || _weakReason && !weak || _runEnded && explainsRun)
                {
                    NotArmedReason = reason;
                    _weakReason = weak;
                }
                _runEnded &= !explainsRun;
                Armed = false;
                return;
            }
            Armed = true;
            NotArmedReason = null;
        }

        // kdumpctl start's last word ("Starting kdump: [OK]"/"[FAILED]", kdump-utils kdumpctl main: dinfo/derror, then
        // exit) was read: the next reason that explains a failure is another run's. Lines that only report the state
        // (systemd's about the unit that just failed, kdumpctl status's "Kdump is not operational", kdump-config's
        // "Not ready to kdump") pass explainsRun: false and change neither.
        private bool _runEnded;

        public void EndRun() => _runEnded = true;

        private string Loaded => FadumpRegistered ? "fadump registered" : "capture kernel loaded";

        // The last finding Readiness() made, and what it was made from: the reader asks after every change of the story
        // (several times per crash on a crash-dense console) and the boot has seldom changed since; the events only grow.
        private KdumpFinding? _readiness;
        private ReadinessInputs _readinessInputs;

        private readonly record struct ReadinessInputs(
            bool? Armed, string? NotArmedReason, long? CrashKernelBytes, string? CrashKernelArgument, string? ServiceError,
            bool FadumpRegistered, bool FadumpReserved, int? PanicTimeout, bool? PanicOnOops, long LastLine, int EventChanges);

        public KdumpFinding Readiness()
        {
            var inputs = new ReadinessInputs(
                Armed, NotArmedReason, CrashKernelBytes, CrashKernelArgument, ServiceError, FadumpRegistered, FadumpReserved,
                PanicTimeout, PanicOnOops, LastLine, Events.Changes);
            if (_readiness is null || inputs != _readinessInputs)
            {
                _readiness = MakeReadiness();
                _readinessInputs = inputs;
            }
            return _readiness;
        }

        private KdumpFinding MakeReadiness()
        {
            string size = CrashKernelBytes is { } b ? CrashKernelSize.Format(b) : null!;
            string reason = Armed switch
            {
                false => NotArmedReason ?? "not armed",
                true => size is null ? $"kdump armed: {Loaded}" : $"kdump armed: crashkernel {size} reserved, {Loaded}",
                null => size is null && CrashKernelArgument is null && ServiceError is { } said
                    ? $"the kdump service said: {said}; no load result on the console"
                    : size is null
                    ? $"crashkernel{(CrashKernelArgument is { } a ? "=" + a : "")} on the command line; no reservation or load result on the console"
                    : FadumpReserved
                    ? $"fadump {size} reserved; no fadump registration on the console"
                    : $"crashkernel {size} reserved; no kexec load result on the console",
            };
            return new KdumpFinding(
                KdumpFindingKind.Readiness, StartLine, Math.Max(LastLine, StartLine), Armed,
                Armed == false ? KdumpOutcome.NotArmed : KdumpOutcome.Unknown, reason, CrashKernelBytes, null,
                PanicTimeout, PanicOnOops, false, Events.ToArray());
        }
    }

    /// <summary>One crash and its dump, from the first kernel's report to the capture kernel's end.</summary>
    private sealed class Attempt(long startLine, Boot? firstKernel)
    {
        public long StartLine { get; } = startLine;
        public Boot? FirstKernel { get; } = firstKernel;
        // The first kernel whose readiness (crashkernel, panic=, oops=panic) the attempt reports: its own, else the boot
        // before a capture kernel that had no crash before it.
        public Boot? ArmedBy { get => _armedBy ?? FirstKernel; init => _armedBy = value; }
        private readonly Boot? _armedBy;
        public long EndLine { get; private set; } = startLine;
        public KdumpTimeline Events { get; } = new();
        public bool Confirmed => ConfirmedAt > 0;
        public long ConfirmedAt { get; private set; }
        public bool Jumped { get; set; }
        /// <summary>The crashed kernel's last line was seen (purgatory's, or arm64's "Bye!"): what follows is the next kernel's.</summary>
        public bool Landed { get; set; }
        public bool KdumpLoaded { get; set; }
        public bool WentOn { get; set; }
        public string WentOnTo { get; set; } = "went on to reboot";
        public bool CaptureWithoutCrash { get; set; }
        public bool CaptureSeen { get; private set; }
        public bool SaveStarted { get; set; }
        /// <summary>Microdroid's crash-kernel init, crashdump, is saving the vmcore (MicrodroidCrashdump).</summary>
        public bool Crashdump { get; set; }
        public bool Saved { get; set; }
        public bool SaveFailed { get; set; }
        public bool MakedumpfileFailed { get; set; }
        public bool VersionWarning { get; set; }
        public bool CaptureOom { get; set; }
        public bool AllocationFailure { get; set; }
        public string? CapturePanic { get; set; }
        public string? CaptureCrash { get; set; }
        /// <summary>A soft lockup report of the capture kernel while it read /proc/vmcore (ReadReport).</summary>
        public string? CaptureStuck { get; set; }
        public string? PanicMessage { get; set; }
        public string? ToolError { get; set; }
        public string? CollectorError { get; set; }
        public bool ServiceFailed { get; set; }
        public bool Deleted { get; set; }
        public string? ToolDetail { get; private set; }
        public string? ExitCode { get; set; }
        public string? Target { get; set; }
        public string? DumpFile { get; set; }
        /// <summary>The file makedumpfile last said it wrote, until its "makedumpfile Completed." follows.</summary>
        public string? WrittenDumpFile { get; set; }
        /// <summary>The vmcore file a core collector finished writing (makedumpfile Completed), the save script's last
        /// word not (yet) on the console.</summary>
        public string? CollectorCompleted { get; set; }
        public string? VmcorePath { get; set; }

        // The line that made this a crash the kernel could not live through: a panic, the jump, the capture kernel.
        // sysrq-c was asked for: the oops that follows is made a panic (KdumpTracker.ReadCrash).
        public bool PanicForced { get; set; }

        // The line of the latest crash report header this attempt followed ("Oops", "BUG: unable to handle"…), and
        // whether the kernel printed that report's end marker, living through it (KdumpTracker.TraceEnded).
        public long LastCrashLine { get; set; }
        public bool LivedThrough { get; set; }

        public void Confirm(long n)
        {
            if (ConfirmedAt == 0)
            {
                ConfirmedAt = n;
            }
        }

        public void Add(long n, DateTimeOffset at, string what)
        {
            Events.Add(new KdumpEvent(n, at, what));
            EndLine = Math.Max(EndLine, n);
        }

        public void CaptureBooted(long n, DateTimeOffset at)
        {
            if (!CaptureSeen)
            {
                CaptureSeen = true;
                Confirm(n);
                Add(n, at, "capture kernel booted");
            }
        }

        // makedumpfile's ERRMSG lines ("readpage_elf: Attempt to read non-existent page at 0x…", "write_buffer: Can't
        // write the dump file(…). No space left on device") name their function first and no common word.
        public void NoteToolError(ReadOnlySpan<char> text)
        {
            if (ToolDetail is not null)
            {
                return;
            }
            ReadOnlySpan<char> said = ToolMessage(text) is { Length: > 0 } m ? m : text.Trim();
            if (said.StartsWith("Can't write the ", StringComparison.Ordinal) && Has(said, " file("))
            {
                // makedumpfile.c write_and_check_space (since 2f5697e, 2021, makedumpfile 1.7.0): MSG("\nCan't write the
                // %s file(%s). %s\n", desc, file_name, strerror(errno)), without ERRMSG's function name ("No space left
                // on device" sets flag_nospace).
                ToolDetail = Clip(said).TrimEnd('.');
                return;
            }
            for (int i = 0; i + 2 < said.Length; i++)
            {
                if (said[i] != ':' || said[i + 1] != ' ')
                {
                    continue;
                }
                int start = i;
                while (start > 0 && (char.IsAsciiLetterLower(said[start - 1]) || char.IsAsciiDigit(said[start - 1]) || said[start - 1] == '_'))
                {
                    start--;
                }
                ReadOnlySpan<char> message = said[(i + 2)..];
                if (i - start >= 3 && said[start..i].Contains('_') && (Has(message, "Can't") || Has(message, "Attempt") || Has(message, "No space")
                    || message.Contains("fail", StringComparison.OrdinalIgnoreCase) || Has(message, "Invalid") || Has(message, "not ")))
                {
                    ToolDetail = Clip(said[start..]).TrimEnd('.');
                    return;
                }
            }
        }

        public TimeSpan? Stalled { get; set; }

        // ended: the story is over (the machine rebooted, or the console ended); else it is told as still unfolding.
        public KdumpFinding Finish(bool rebooted, bool ended = true)
        {
            bool? armed = CaptureSeen || Jumped || KdumpLoaded ? true : FirstKernel?.Armed;
            long? bytes = ArmedBy?.CrashKernelBytes;
            string size = bytes is { } b ? CrashKernelSize.Format(b) : null!;
            string path = VmcorePath ?? (Target is { } t ? t.TrimEnd('/') + "/vmcore" : CollectorCompleted is { } f ? RenamedOnSuccess(f) : DumpFile)!;
            (KdumpOutcome outcome, string reason) = Decide(armed, rebooted, ended, size);
            if (outcome == KdumpOutcome.NotArmed)
            {
                armed = false;
            }
            if (CaptureWithoutCrash)
            {
                reason = "capture kernel booted with no crash report on the console; " + reason;
            }
            return new KdumpFinding(
                KdumpFindingKind.DumpAttempt, StartLine, EndLine, armed, outcome, reason, bytes,
                Saved || SaveStarted || SaveFailed ? path : null, ArmedBy?.PanicTimeout, ArmedBy?.PanicOnOops,
                CaptureWithoutCrash, Events.ToArray());
        }

        private (KdumpOutcome, string) Decide(bool? armed, bool rebooted, bool ended, string? size)
        {
            string tooSmall = size is null ? "the crashkernel reservation is too small for this kernel" : $"crashkernel={size} is too small for this kernel";
            if (Deleted)
            {
                return (KdumpOutcome.SaveFailed, "the vmcore was deleted after saving: less free space than KDUMP_FREE_DISK_SIZE was left");
            }
            if (Saved && !SaveFailed)
            {
                string where = VmcorePath ?? (Target is { } t ? t.TrimEnd('/') + "/vmcore" : DumpFile)
                    ?? (Crashdump ? "the host (Microdroid's crashdump copied /proc/vmcore to /dev/hvc1 and rebooted)" : "the dump target");
                return (KdumpOutcome.Saved, $"vmcore saved to {where}");
            }
            if (SaveFailed || MakedumpfileFailed && !Saved)
            {
                string why = ToolDetail is { } d ? $"makedumpfile failed: {d}"
                    : MakedumpfileFailed && VersionWarning ? "makedumpfile failed: kernel version not supported"
                    : MakedumpfileFailed ? "makedumpfile failed"
                    : ToolError ?? CollectorError ?? (ExitCode is { } c ? $"saving vmcore failed (exit code {c})"
                        : ServiceFailed && !SaveStarted ? "the kdump save service (kdump.sh) failed before saving the vmcore" : "saving vmcore failed");
                if (ToolError is { } e && why != e && ToolDetail is null && !MakedumpfileFailed)
                {
                    why = e;
                }
                return (KdumpOutcome.SaveFailed, why);
            }
            if (CaptureOom)
            {
                return (KdumpOutcome.CaptureKernelFailed, $"capture kernel ran out of memory while booting: {tooSmall}");
            }
            if (CapturePanic is { } p)
            {
                return (KdumpOutcome.CaptureKernelFailed, $"capture kernel panicked: {p}");
            }
            if (CaptureCrash is { } c2)
            {
                return (KdumpOutcome.CaptureKernelFailed, $"capture kernel crashed: {c2}");
            }
            if (CaptureStuck is { } stuck)
            {
                return (KdumpOutcome.CaptureKernelFailed, $"capture kernel stuck reading /proc/vmcore: {stuck}");
            }
            if (ToolError is { } err)
            {
                return (KdumpOutcome.SaveFailed, err);
            }
            if (CollectorCompleted is { } file)
            {
                return (KdumpOutcome.Saved, $"vmcore saved to {RenamedOnSuccess(file)} (makedumpfile completed; the save script's last word is not on the console)");
            }
            if (CaptureSeen)
            {
                if (rebooted)
                {
                    return SaveStarted
                        ? (KdumpOutcome.SaveFailed, "the capture kernel rebooted while saving the vmcore (no completion)")
                        : (KdumpOutcome.CaptureKernelFailed, AllocationFailure
                            ? $"capture kernel rebooted before saving, after page allocation failures: {tooSmall}"
                            : "capture kernel rebooted before the save ran");
                }
                if (Stalled is { } quiet)
                {
                    return SaveStarted
                        ? (KdumpOutcome.SaveFailed, $"the capture kernel has printed nothing for {Minutes(quiet)} while saving the vmcore: hung?")
                        : (KdumpOutcome.CaptureKernelFailed, $"the capture kernel has printed nothing for {Minutes(quiet)} while booting: hung?");
                }
                // kdump.sh's dump_fs prints "saving to <target>" as its save begins (then vmcore-dmesg, then the vmcore).
                return (KdumpOutcome.Unknown, (SaveStarted || Target is not null, ended) switch
                {
                    (true, true) => "the console ends while the capture kernel saves the vmcore",
                    (false, true) => "the console ends while the capture kernel boots",
                    (true, false) => "the capture kernel is saving the vmcore",
                    (false, false) => "the capture kernel is booting",
                });
            }
            if (WentOn)
            {
                return armed == true
                    ? (KdumpOutcome.CaptureKernelFailed, "kdump was loaded, but the crashing kernel did not jump into the capture kernel")
                    // The panic going on is the console's own proof; the readiness's why (read from a kexec or
                    // service line that need not be about this kernel's capture kernel) only explains it.
                    : (KdumpOutcome.NotArmed, FirstKernel?.NotArmedReason is { } r
                        ? $"no capture kernel was loaded: the panic {WentOnTo} ({r})"
                        : $"no capture kernel was loaded: the panic {WentOnTo}");
            }
            if (armed == false)
            {
                return (KdumpOutcome.NotArmed, FirstKernel?.NotArmedReason ?? "no capture kernel was loaded");
            }
            if (rebooted)
            {
                return armed == true
                    ? (KdumpOutcome.CaptureKernelFailed, "kdump was loaded, but the machine came back without a capture kernel on the console")
                    : (KdumpOutcome.Unknown, "the machine rebooted after the crash; nothing on the console says whether kdump was armed");
            }
            if (Stalled is { } hung)
            {
                return (KdumpOutcome.CaptureKernelFailed, Jumped
                    ? $"jumped into the capture kernel, which has printed nothing for {Minutes(hung)}: hung?"
                    : $"kdump was loaded, but no capture kernel has appeared on the console for {Minutes(hung)}");
            }
            if (!ended)
            {
                return (KdumpOutcome.Unknown, Jumped
                    ? "jumped into the capture kernel; waiting for it to boot"
                    : armed == true ? "kdump was loaded; waiting for the capture kernel" : "nothing on the console says yet whether kdump was armed");
            }
            return Jumped
                ? (KdumpOutcome.Unknown, "jumped into the capture kernel; the console ends before it booted")
                : (KdumpOutcome.Unknown, armed == true
                    ? "kdump was loaded; the console ends after the crash"
                    : "the console ends after the crash; nothing on it says whether kdump was armed");
        }

        // kdump-utils writes the core collector's output to vmcore-incomplete and renames it to vmcore once the collector
        // exits 0 (dracut-kdump.sh save_vmcore_fs); other names are kept as makedumpfile said them.
        private static string RenamedOnSuccess(string file) =>
            file.EndsWith("/vmcore-incomplete", StringComparison.Ordinal) ? file[..^"-incomplete".Length] : file;

        private static string Minutes(TimeSpan t) =>
            t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalSeconds:0} s";
    }
}
