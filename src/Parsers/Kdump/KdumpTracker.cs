using SolWatch.Parsers.Framing;
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
public sealed partial class KdumpTracker
{
    private static readonly IReadOnlyList<KdumpFinding> None = [];
    private readonly List<KdumpFinding> _ready = [];
    private readonly LastParsedLine _prefixes;
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
    // The last command line ended in a mail client's soft break: the next line may continue it (OnCommandLine).
    private bool _commandLineWraps;
    // Xen's "Executing kexec image on cpu%u" was the last line read: the next one says whether it was the crash image
    // (KdumpTracker.Crash.cs AfterXenKexec).
    private (long Line, DateTimeOffset At)? _xenKexec;
    private string? _collectorError;
    // The crash or soft-lockup report being printed (its first line, its line number), until a frame says whose it is.
    private (string Header, long Line, bool Stuck)? _report;

    // The last pre-scanned batch (PreScan): which of its lines hold an anchor.
    private readonly AnnouncedLines _announced = new();

    /// <summary>Creates a tracker for one console.</summary>
    public KdumpTracker()
        : this(new LastParsedLine())
    {
    }

    /// <summary>Creates a tracker that shares the line parsing of <paramref name="prefixes"/> with the console's
    /// detector (Reading/ConsoleReader).</summary>
    internal KdumpTracker(LastParsedLine prefixes) => _prefixes = prefixes;

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
    public bool InBootAfterCrash => _attempt is { CaptureEnded: 0 } a && (a.CaptureSeen || _boot != a.FirstKernel);

    /// <summary>The line that made the open attempt a crash (see <see cref="OpenAttempt"/>); 0 when there is none.</summary>
    public long OpenAttemptConfirmedAt => _attempt?.ConfirmedAt ?? 0;

    /// <summary>The first line of the open attempt's first kernel boot (0: not known), to tell which reports are its.</summary>
    public long OpenAttemptBootStart => _attempt?.FirstKernel?.StartLine ?? 0;

    /// <summary>
    /// The first line of the boot now running when it is the open attempt's capture kernel (its banner, or the line that
    /// showed it was one); 0 otherwise. A crash report that begins there is the capture kernel's own.
    /// </summary>
    public long OpenAttemptCaptureStart => _attempt is not null && _boot.Capture == true ? _boot.StartLine : 0;

    /// <summary>The line the open attempt's capture kernel restarted, powered off or halted on, or 0: a crash report
    /// that begins after it is the next boot's, not the capture kernel's.</summary>
    public long OpenAttemptCaptureEnd => _attempt?.CaptureEnded ?? 0;

    /// <summary>
    /// The first line a finding not given yet can start on: the open boot's first line, the open attempt's, or an oops
    /// kept aside for the next boot. A finding given that starts before it is final in the console's order; one that
    /// starts after it may still be overtaken (a crash whose panic went on is given at once, its boot's readiness only
    /// when the boot ends).
    /// </summary>
    public long PendingFrom => Math.Min(_boot.StartLine, Math.Min(_attempt?.StartLine ?? long.MaxValue, _droppedOops?.StartLine ?? long.MaxValue));

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
            a.LivedThroughLine = line;
        }
    }

    /// <summary>
    /// Takes a line whose text <see cref="ReadLine"/> would not look at: <paramref name="mayMatter"/> false (no anchor), no
    /// path wrapping and no save being watched. It is counted, and a stalled attempt wakes, as there; true then, and the
    /// caller need not make the line a string. False, with nothing done, when the line must be read.
    /// </summary>
    internal bool PassesOver(bool mayMatter)
    {
        if (mayMatter || _pathWraps || _commandLineWraps || _xenKexec is not null || Saving)
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
    internal bool PassesLinesWithoutAnchors => !_pathWraps && !_commandLineWraps && _xenKexec is null && !Saving && _attempt is not { Stalled: not null };

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
        if (mayMatter && _attempt is { Confirmed: true, Jumped: false } fatal && fatal.FirstKernel == _boot && _boot.Capture != true
            && KdumpAnchors.OnlyKernelOffset(line))
        {
            // panic()'s notifier line after the panic line of the same boot: it would confirm what is confirmed already
            // (ReadCrash). Not read, so the reader does not look again at a story that did not change (Version): one such
            // line follows every panic of a crash-dense console.
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
        ReadOnlySpan<char> text = _prefixes.Parse(line).TextSpan;
        if (_xenKexec is { } xen)
        {
            _xenKexec = null;
            AfterXenKexec(text, xen, n, receivedAt);
        }
        if (_commandLineWraps && ReadCommandLineContinuation(text, n, receivedAt))
        {
            mayMatter = false;
        }
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
        if (mayMatter)
        {
            Read(text, n, receivedAt);
        }
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
        if (_commandLineWraps)
        {
            DecideFirstKernel();
        }
        CloseBoot(ending: true);
        if (_attempt is { LivedThrough: true, Jumped: false } lived && lived.FirstKernel == _previousBoot && _line > lived.LivedThroughLine)
        {
            // The oops's end marker, then more of the same kernel and no crash line after it, and the console ends: the
            // kernel lived through the oops. x86's oops_end() and the die() of arm64 and arm call crash_kexec() before
            // oops_exit() prints the marker, and panic_on_oops panics right after it (TraceEnded); a kernel that printed
            // more did neither, so no dump was attempted for it (round 20: an arm64 CKI oops in systemd-udevd with
            // "Kdump: loaded", then a WARNING from the same CPU's idle task). Kept open until here only for a capture
            // kernel that might have booted after a later silent crash; none did on this console.
            _attempt = null;
        }
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
        // The save's and the readiness's messages each hold one of the tracker's own words (kdump, vmcore, crashkernel,
        // kexec…: README.md, Message formats), and so do the banner ("x version"), the command line ("d line:") and
        // fadump's line ("rmware-"). A line found only for a crash header's words or an attempt's ("Kernel panic - not
        // syncing", "Oops", "Rebooting"…), most lines read on a crash-dense console, goes straight to the crash and
        // capture-kernel rules instead of the substring searches that cannot match it (KdumpAnchors.HoldsRuleWord).
        bool own = KdumpAnchors.HoldsRuleWord(text);
        bool crashStart = IsCrashStart(text);
        if (own && ReadBootLine(text, n, at))
        {
            return;
        }
        ReadReport(text, own, crashStart, n, at);
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
            && (crashStart || IsPanicLine(text)))
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
        ReadCrash(text, own, crashStart, n, at);
    }

    // A line that starts a boot or says which kernel runs: the banner, the command line, fadump's active line. True when
    // it was one (and read).
    private bool ReadBootLine(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        if (text.StartsWith("Linux version ", StringComparison.Ordinal))
        {
            OnBanner(n, at);
            return true;
        }
        if (Has(text, "ommand line:"))
        {
            OnCommandLine(text, n, at);
            return true;
        }
        if (Has(text, "Firmware-assisted dump is active"))
        {
            // fadump: the production kernel itself boots with the old memory preserved (ppc64, arch/powerpc/kernel/fadump.c).
            if (_boot.Capture != true && (_boot.Armed is not null || _attempt is { } crashed && crashed.FirstKernel == _boot))
            {
                // early_init_devtree prints it before the banner (OnBanner): a boot starts here even when the console
                // showed no banner after the first kernel's own lines (its registration, its crash).
                CloseBoot(ending: false);
                _collectorError = null;
                _boot = new Boot(n, banner: false);
            }
            _boot.FadumpActiveLine ??= n;
            _boot.Events.Add(new KdumpEvent(n, at, "firmware-assisted dump active"));
            BootIsCapture(n, at);
            return true;
        }
        return false;
    }
}
