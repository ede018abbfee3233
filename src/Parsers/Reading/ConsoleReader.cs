using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Lines;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Reading;

/// <summary>
/// Reads one console: the <see cref="CrashDetector"/>, the <see cref="KdumpTracker"/> and the <see cref="HardwareTracker"/>
/// over the same lines, and each crash report joined to its kdump story; hardware events come out beside the reports
/// (<see cref="HardwareRead"/>), never as reports. The daemon's console session and <c>solwatch scan</c> both read through it,
/// so live and offline results never differ. Pure: lines in, <see cref="ConsoleReading"/>s out.
/// </summary>
/// <remarks>
/// <para>A report is given out the moment it completes, with its story so far (<see cref="CrashReport.Kdump"/>); the
/// story then moves on (<see cref="KdumpStoryChanged"/>) as the panic, the capture kernel and the save follow.</para>
/// <para>Which report a dump attempt belongs to: the tracker knows the line that made the crash fatal (the panic, the
/// jump, the capture kernel: <see cref="KdumpTracker.OpenAttemptConfirmedAt"/>). The report holding that line owns it;
/// when no report holds it (an oops with kdump loaded prints no panic line before the capture kernel), the latest
/// report of the same boot before it does; while the detector still reads a report begun before that line, the choice
/// waits for it. With no report at all (a stack overflow prints nothing of its oops), the capture kernel is itself the
/// incident: "capture kernel booted with no crash report on the console".</para>
/// </remarks>
public sealed class ConsoleReader
{
    /// <summary>Title of the report made when a capture kernel boots with no crash report before it.</summary>
    public const string CaptureWithoutReportTitle = "capture kernel booted with no crash report on the console";

    // How far after a report's end the crash may still become fatal and be its: crash_kexec() runs from oops_end() right
    // after the trace, so only a few lines (the end marker, "Kernel panic", a CPU's NMI backtrace) come between.
    private const int ReportToJumpLines = 100;

    private static readonly IReadOnlyList<ConsoleReading> None = [];
    private static readonly IReadOnlyList<KdumpFinding> NoFindings = [];
    private static readonly IReadOnlyList<CrashReport> NoReports = [];
    private static readonly IReadOnlyList<HardwareEvent> NoEvents = [];
    private readonly CrashDetector _detector;
    // Null when the reader does not follow kdump (followKdump: false; the benchmark's peer for what kdump costs).
    private readonly KdumpTracker? _kdump;
    private readonly HardwareTracker _hardware = new();
    private readonly List<ConsoleReading> _out = [];
    private long _line;
    private long _kdumpVersion;
    private KdumpFinding? _readiness;
    // Whether a line the pre-scan flagged nothing on is only counted by the tracker (KdumpTracker.PassesLinesWithoutAnchors,
    // and no capture word left to look for line by line). Why cached: asked of every line, the tracker's state cost a few
    // loads and branches a line, most of what following kdump still cost an ordinary boot log; it changes only on the
    // lines the tracker reads and at a pre-scan.
    private bool _kdumpPassesOver;
    // Whether the last pre-scan looked for the words only a dump attempt needs (KdumpTracker.WantsCaptureWords then).
    private bool _captureWordsSearched;
    // The latest report given out: the owner of an attempt made fatal after it, in the same boot.
    private (long Start, long End) _lastReport;
    // The open attempt once it is fatal: whose it is, what was last said of it, the lines after it.
    private Story? _story;
    // The last attempt that ended: a capture kernel's own report may complete after its story did (at the next banner).
    private Story? _endedStory;

    /// <summary>Creates the reader of one console.</summary>
    public ConsoleReader(DetectorOptions? options = null)
        : this(options, followKdump: true)
    {
    }

    /// <summary>
    /// Creates the reader of one console; without <paramref name="followKdump"/> it reads crashes and hardware events
    /// only (no readiness, no stories): what the scanner costs without kdump, measured beside it by <c>bench scan</c>.
    /// </summary>
    public ConsoleReader(DetectorOptions? options, bool followKdump)
    {
        // One line parsing for both: the tracker takes apart the lines it reads just before the detector takes apart the same.
        var prefixes = new LastParsedLine();
        _detector = new CrashDetector(options, prefixes);
        _kdump = followKdump ? new KdumpTracker(prefixes) : null;
    }

    /// <summary>Lines read so far.</summary>
    public long LineCount => _line;

    /// <summary>What the console's last boot of the first kernel said about kdump, or null when it said nothing.</summary>
    public KdumpFinding? Readiness => _readiness;

    /// <summary>
    /// Announces a framed batch about to be pushed line by line: one pre-scan of it flags the lines each of the detector
    /// and the trackers must read (<see cref="CrashDetector.PreScanForTrackers"/>). Optional: lines pushed without it are
    /// searched one by one, with the same results.
    /// </summary>
    public void PreScan(FramedBatch batch)
    {
        _captureWordsSearched = _kdump?.WantsCaptureWords ?? false;
        _detector.PreScanForTrackers(batch, _kdump is not null, _captureWordsSearched);
        _kdumpPassesOver = KdumpPassesOver();
    }

    /// <summary>Reads one framed line received at <paramref name="receivedAt"/>.</summary>
    public IReadOnlyList<ConsoleReading> Push(string line, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Read(new BatchLine(line), receivedAt, _detector.TakeHints(line));
    }

    /// <summary>
    /// Reads line <paramref name="index"/> of <paramref name="batch"/>, received at <paramref name="receivedAt"/>: the same
    /// as <see cref="Push(string, DateTimeOffset)"/> with <c>batch[index]</c>, but the line is made a string only when the
    /// detector, a tracker or a story reads it (most lines of a console are read by none). Push a batch's lines in order
    /// after its <see cref="PreScan"/>; a line pushed otherwise is read as a string, with the same results.
    /// </summary>
    public IReadOnlyList<ConsoleReading> Push(FramedBatch batch, int index, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Read(new BatchLine(batch, index), receivedAt, _detector.TakeHints(batch, index));
    }

    // Reads one line with its hints taken (CrashDetector.TakeHints); its string is asked for only by those who read it.
    private IReadOnlyList<ConsoleReading> Read(BatchLine line, DateTimeOffset receivedAt, LineHints hints)
    {
        long n = ++_line;
        bool scanned = (hints & LineHints.NotScanned) == 0;
        // The tracker first: a report completed by this line sees the story including it.
        IReadOnlyList<KdumpFinding> findings = NoFindings;
        if (_kdump is null)
        {
            // Not followed (the benchmark's peer).
        }
        else if (scanned && _kdumpPassesOver && (hints & LineHints.MayMatterToKdump) == 0)
        {
            // Most lines of a console: nothing for the tracker here, and nothing it follows reads every line.
            _kdump.CountPassedLine();
        }
        else if (!scanned)
        {
            findings = _kdump.Push(line.Text, receivedAt);
            _kdumpPassesOver = KdumpPassesOver();
        }
        else
        {
            // Flagged by the pre-scan, or holding a word only an attempt needs that it did not look for (an attempt
            // began within the batch, and the rest of it could not be searched at once, below): as
            // KdumpTracker.Push(string, DateTimeOffset, bool, bool) decides.
            bool mayMatter = (hints & LineHints.MayMatterToKdump) != 0
                             || (!_captureWordsSearched && _kdump.WantsCaptureWords && KdumpAnchors.MayMatterForCaptureWords(line.Span));
            if (!_kdump.PassesOver(mayMatter))
            {
                findings = _kdump.Push(line.Text, receivedAt, mayMatter, captureWordsSearched: true);
            }
            // else: most lines of a boot, and of a crash's lines that say nothing of kdump: counted, not read.
            if (!_captureWordsSearched && _kdump.WantsCaptureWords)
            {
                // An attempt began at this line and the batch's pre-scan left out the words only an attempt needs: the
                // rest of the batch is searched for them now, in one pass (each later line alone cost more, on a
                // crash-dense console, than the tracker's whole batch search).
                _captureWordsSearched = _detector.FlagCaptureWordsAfterLastLine();
            }
            _kdumpPassesOver = KdumpPassesOver();
        }
        if (_story is { Over: null } following && _kdump!.InBootAfterCrash)
        {
            // The capture kernel's lines, from the first line of the boot after the crash: those before it are the
            // crashing kernel's, in the report and the transcript around it. None once the story is over and only waits
            // for the report that holds it: they would never be handed.
            following.Lines.Add(new ConsoleLine(n, receivedAt, line.Text));
        }
        IReadOnlyList<CrashReport> reports = _detector.SkipsUnread(line.Span, hints) ? NoReports : _detector.Push(line.Text, receivedAt, hints);
        if (_kdump is not null && _detector.LastTraceEnd is { Line: var traceEnd } ended && traceEnd == n)
        {
            // A report that had not panicked printed its end marker: if it is the oops the tracker follows, the kernel
            // lived through it (KdumpTracker.TraceEnded).
            _kdump.TraceEnded(ended.ReportStart, n);
        }
        bool mayBegin = (hints & LineHints.MayBeginHardware) != 0;
        IReadOnlyList<HardwareEvent> hardware = !scanned ? _hardware.Push(line.Text, receivedAt)
            : _hardware.PassesOver(mayBegin) ? NoEvents // no record open and none begins here: counted, not read
            : _hardware.Push(line.Text, receivedAt, mayBegin);
        if (reports.Count == 0 && findings.Count == 0 && hardware.Count == 0 && KdumpVersion == _kdumpVersion)
        {
            return None;
        }
        AddHardware(hardware);
        Read(reports, findings);
        return Take();
    }

    /// <summary>
    /// The console has printed nothing for the detector's quiet period: closes the open report (see
    /// <see cref="CrashDetector.Flush"/>) and hands over the capture kernel's lines seen so far.
    /// </summary>
    public IReadOnlyList<ConsoleReading> Flush(DateTimeOffset now)
    {
        AddHardware(_hardware.Flush());
        Read(_detector.Flush(now), []);
        if (_story is { Report: not null } s && s.Lines.Count != s.LinesHanded && s.Said is { } said)
        {
            s.LinesHanded = s.Lines.Count;
            _out.Add(new KdumpStoryChanged(s.Report.Value, said, s.Lines.Snapshot(), Final: false));
        }
        return Take();
    }

    /// <summary>
    /// The console has printed nothing for <paramref name="quietFor"/> (longer than a capture kernel needs between
    /// lines): an open capture is taken as hung until a line shows otherwise (see <see cref="KdumpTracker.MarkQuiet"/>).
    /// </summary>
    public IReadOnlyList<ConsoleReading> MarkQuiet(TimeSpan quietFor)
    {
        if (_kdump?.MarkQuiet(quietFor) == true)
        {
            Read([], []);
        }
        _kdumpPassesOver = KdumpPassesOver();
        return Take();
    }

    /// <summary>End of the console: every open report and story is given out, final.</summary>
    public IReadOnlyList<ConsoleReading> Complete()
    {
        AddHardware(_hardware.Complete());
        Read(_detector.Complete(), _kdump?.Complete() ?? []);
        return Take();
    }

    // Hardware events first: a record is complete only at a line after it, so it began before any report this line completes.
    private void AddHardware(IReadOnlyList<HardwareEvent> events)
    {
        foreach (HardwareEvent e in events)
        {
            _out.Add(new HardwareRead(e));
        }
    }

    private void Read(IReadOnlyList<CrashReport> reports, IReadOnlyList<KdumpFinding> findings)
    {
        foreach (KdumpFinding finding in findings)
        {
            if (finding.Kind == KdumpFindingKind.DumpAttempt)
            {
                // An attempt is over: the machine booted again, or the console ended. A report completed by this very
                // line (the detector closes a report at the next boot's banner) may still be its owner.
                OnAttemptOver(finding, reports);
            }
        }
        bool moved = KdumpVersion != _kdumpVersion;
        _kdumpVersion = KdumpVersion;
        if (!moved || _kdump is null)
        {
            foreach (CrashReport report in reports)
            {
                OnReport(report);
            }
            return;
        }
        if (_kdump.OpenAttemptStart is > 0 and long openStart && (_story is null || _story.AttemptStart != openStart))
        {
            // The crash just became fatal: a report completed by this line may be the one that holds it.
            _story = new Story(openStart, _kdump.OpenAttemptConfirmedAt);
        }
        if (_story is { CaptureStart: 0 } running && _kdump.OpenAttemptCaptureStart is > 0 and long captureStart)
        {
            running.CaptureStart = captureStart;
        }
        if (_story is { CaptureEnd: 0 } restarted && _kdump.OpenAttemptCaptureEnd is > 0 and long captureEnd)
        {
            // The capture kernel restarted: reports from here on are the next boot's, though the attempt stays open.
            restarted.CaptureEnd = captureEnd;
        }
        foreach (CrashReport report in reports)
        {
            OnReport(report);
        }
        OnStoryMoved(_kdump);
        if (_kdump.Readiness is { } ready && !SameReadiness(ready, _readiness))
        {
            _readiness = ready;
            _out.Add(new KdumpReadinessRead(ready));
        }
    }

    // See _kdumpPassesOver: the tracker would pass over a line without anchors, and no capture word is left to look for
    // on each line (the batch was searched for them, or the tracker does not want them).
    private bool KdumpPassesOver() =>
        _kdump is { PassesLinesWithoutAnchors: true } k && (_captureWordsSearched || !k.WantsCaptureWords);

    // The tracker's count of changes to its story (0 when kdump is not followed).
    private long KdumpVersion => _kdump?.Version ?? 0;

    private void OnReport(CrashReport report)
    {
        // The capture kernel's own crash (its story may have ended on this very line, the next boot's banner).
        foreach (Story? story in (ReadOnlySpan<Story?>)[_story, _endedStory])
        {
            if (story is { Report: { } owner } && story.InCaptureKernel(report.StartLine))
            {
                _out.Add(new CaptureKernelReportRead(owner, report));
                return;
            }
        }
        KdumpFinding? kdump = null;
        if (_story is { Report: null, Over: null } s && s.ConfirmedAt >= report.StartLine && s.ConfirmedAt <= report.EndLine)
        {
            s.Report = report.StartLine;
            kdump = s.Said = _kdump?.OpenAttempt;
        }
        else if (_story is { Report: null, Over: { } over } done && Owns(report, done))
        {
            // The story ended before its report did: give the report its final word.
            kdump = over;
            _story = null;
        }
        _lastReport = (report.StartLine, report.EndLine);
        _out.Add(new ReportRead(kdump is null ? report : report with { Kdump = kdump }));
        if (_story is { Report: null, Over: { } ended } waiting
            && _detector.OldestPendingReportStart is var pending && (pending == 0 || pending > waiting.ConfirmedAt))
        {
            // The reports pending when the story ended are all out, and none held its fatal line.
            EndWithoutOwner(waiting, ended);
        }
    }

    private void OnStoryMoved(KdumpTracker kdump)
    {
        // Which attempt is open is asked first, and whether the report that holds its fatal line is still being read:
        // wording the attempt (KdumpTracker.OpenAttempt) costs a finding each time, and until that report is out there is
        // nobody to tell.
        long start = kdump.OpenAttemptStart;
        if (start == 0 || _story is not { } s || s.AttemptStart != start || s.Report is null && FatalLineStillBeingRead(s)
            || kdump.OpenAttempt is not { } now)
        {
            return;
        }
        if (s.Report is null && !TryFindOwner(kdump, s, now))
        {
            return;
        }
        if (!SameStory(now, s.Said))
        {
            s.Said = now;
            _out.Add(new KdumpStoryChanged(s.Report!.Value, now, null, Final: false));
        }
    }

    // A report that began at or before the story's fatal line is still open: it may be the one that holds it.
    private bool FatalLineStillBeingRead(Story s) => _detector.OldestPendingReportStart is > 0 and long pending && pending <= s.ConfirmedAt;

    // Picks the report the open attempt belongs to (see the remarks), once no report that may hold its fatal line is still
    // being read (FatalLineStillBeingRead); false while that cannot be told yet.
    private bool TryFindOwner(KdumpTracker kdump, Story s, KdumpFinding now)
    {
        long bootStart = kdump.OpenAttemptBootStart;
        if (!now.CaptureWithoutCrash && _lastReport.Start > 0 && _lastReport.Start <= s.ConfirmedAt && _lastReport.Start >= bootStart
            && _lastReport.End >= s.ConfirmedAt - ReportToJumpLines)
        {
            s.Report = _lastReport.Start;
            return true;
        }
        if (now.CaptureWithoutCrash || now.Timeline.Any(e => e.Event == "capture kernel booted"))
        {
            s.Report = now.StartLine;
            s.Said = now;
            _out.Add(new ReportRead(CaptureWithoutReport(now)));
            return false; // given out with the story as it stands
        }
        return false;
    }

    private void OnAttemptOver(KdumpFinding final, IReadOnlyList<CrashReport> completing)
    {
        Story? s = _story is { } open && open.AttemptStart == final.StartLine ? open : null;
        if (s is not null)
        {
            s.CaptureEnd = s.CaptureEnd > 0 ? s.CaptureEnd : final.EndLine;
            _endedStory = s;
        }
        if (s?.Report is { } owner)
        {
            _out.Add(new KdumpStoryChanged(owner, final, s.Lines.Snapshot(), Final: true));
            _story = null;
            return;
        }
        if (s is not null && (completing.Any(r => r.StartLine <= s.ConfirmedAt && s.ConfirmedAt <= r.EndLine)
                              || _detector.OldestPendingReportStart is > 0 and long pending && pending <= s.ConfirmedAt))
        {
            // OnReport gives it to its report, completed by this same line or still being read (a panic that went on
            // ends its story at once, often before the detector closes the report that holds it).
            s.Over = final;
            return;
        }
        EndWithoutOwner(s, final);
    }

    // An attempt over with no report holding its fatal line: a capture kernel with no crash before it is its own
    // report; else the latest report it overlaps (given out already, without a story) gets the final word.
    private void EndWithoutOwner(Story? s, KdumpFinding final)
    {
        _story = null;
        if (final.CaptureWithoutCrash)
        {
            _out.Add(new ReportRead(CaptureWithoutReport(final)));
            return;
        }
        if (final.Outcome != KdumpOutcome.Unknown && _lastReport.Start > 0 && _lastReport.Start <= final.EndLine
            && _lastReport.End >= final.StartLine)
        {
            // Made fatal only at its end (an oops with kdump loaded and the console ending): its report was given out
            // already, without a story.
            _out.Add(new KdumpStoryChanged(_lastReport.Start, final, s?.Lines.Snapshot(), Final: true));
        }
    }

    private static bool Owns(CrashReport report, Story s) => report.StartLine <= s.ConfirmedAt && s.ConfirmedAt <= report.EndLine;

    private static CrashReport CaptureWithoutReport(KdumpFinding kdump) => new()
    {
        Kind = CrashKind.Other,
        Title = CaptureWithoutReportTitle,
        Fingerprint = Fingerprint.Of(CrashKind.Other, CaptureWithoutReportTitle, []),
        Panicked = true,
        StartLine = kdump.StartLine,
        EndLine = kdump.StartLine,
        Kdump = kdump,
    };

    // Worth telling again: a new step, another outcome or reason, a path learned.
    private static bool SameStory(KdumpFinding now, KdumpFinding? said) =>
        said is not null && now.Outcome == said.Outcome && now.Reason == said.Reason && now.VmcorePath == said.VmcorePath
        && now.Armed == said.Armed && now.Timeline.Count == said.Timeline.Count;

    private static bool SameReadiness(KdumpFinding now, KdumpFinding? said) =>
        said is not null && now.StartLine == said.StartLine && now.Armed == said.Armed && now.Reason == said.Reason
        && now.CrashKernelBytes == said.CrashKernelBytes && now.PanicTimeout == said.PanicTimeout && now.PanicOnOops == said.PanicOnOops;

    private IReadOnlyList<ConsoleReading> Take()
    {
        if (_out.Count == 0)
        {
            return None;
        }
        ConsoleReading[] done = [.. _out];
        _out.Clear();
        return done;
    }

    /// <summary>The fatal open attempt: where it starts, the line that made it fatal, its report, what was said of it.</summary>
    private sealed class Story(long attemptStart, long confirmedAt)
    {
        public long AttemptStart { get; } = attemptStart;
        public long ConfirmedAt { get; } = confirmedAt;
        public long? Report { get; set; }
        public KdumpFinding? Said { get; set; }
        public KdumpFinding? Over { get; set; }
        public CaptureLines Lines { get; } = new();
        public long LinesHanded { get; set; }

        // The capture kernel's boot: from its first line to the attempt's end (0: not seen; End 0: still running).
        public long CaptureStart { get; set; }
        public long CaptureEnd { get; set; }

        // Whether a report beginning at `line` is the capture kernel's own.
        public bool InCaptureKernel(long line) => CaptureStart > 0 && line >= CaptureStart && (CaptureEnd == 0 || line <= CaptureEnd);
    }
}
