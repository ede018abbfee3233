using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Lines;
using SolWatch.Parsers.Reports;


namespace SolWatch.Parsers.Detection;

/// <summary>
/// The incremental crash detector of one console. Feed it framed lines in order with <see cref="Push(string, DateTimeOffset)"/>; it returns
/// the reports each line completes. <see cref="Flush"/> closes a report when the console has gone quiet and
/// <see cref="Complete"/> at the end of input. Pure: no I/O, no threads, no clock of its own. Not thread-safe.
/// </summary>
/// <remarks>
/// A report starts at a crash header and ends at its end marker (plus a panic that follows it), at the next header
/// of the same context, at a boot banner (a capture kernel or a reboot: the kernel died), when its console goes
/// quiet, or after a run of ordinary-looking lines. With CONFIG_PRINTK_CALLER every context ([T123], [C3]) has its
/// own report, so interleaved CPUs stay apart. Completed reports are released in the order they started.
/// </remarks>
public sealed partial class CrashDetector
{
    private const int QuietRunThatEndsAReport = 8;
    private const int PendingLinesAwaitingAPanic = 60;
    private const int PendingLinesStillPartOfACrashBeforeReboot = 30;

    private static readonly IReadOnlyList<CrashReport> None = [];
    private readonly DetectorOptions _options;
    private readonly LastParsedLine _prefixes;
    // The reports being read, at most one per context, oldest first. A list, not a dictionary keyed by context: there
    // are one or two, and every line of a report asks for its context's (hashing the caller id cost more than the scan).
    private readonly List<OpenReport> _open = [];
    // The report OfContext found last, while it is open.
    private OpenReport? _lastOfContext;
    // Completed reports waiting for older ones still open, in start order.
    private readonly List<(long Start, CrashReport Report)> _ready = [];
    // The text length of the reports in _ready (CloseWhatHoldsTooMuchBack).
    private long _readyText;
    // Scratch reused by every report of this console: its line lists and the view its fields are read through.
    private readonly LineListPool _lineLists = new();
    private readonly ReportView _view = new();
    // Start line of the oldest open report (long.MaxValue: none), or -1 when reports opened or closed since it was
    // computed: Release asks on every line while a finished report waits for an older one.
    private long _oldestOpenStart = long.MaxValue;
    private long _lineNumber;
    // The machine's life since it last booted: it printed kernel (or init) output, announced an orderly shutdown, reported a crash.
    private bool _runningSinceBoot;
    private bool _orderlyShutdown;
    private bool _crashSinceBoot;
    // What PreScan found in the lines announced, and the index of the next one expected (-1: none).
    private BatchPreScan? _preScan;
    private int _expectedNext = -1;

    /// <summary>Creates a detector for one console.</summary>
    public CrashDetector(DetectorOptions? options = null)
        : this(options, new LastParsedLine())
    {
    }

    /// <summary>Creates a detector that shares the line parsing of <paramref name="prefixes"/> with the console's other
    /// readers (Reading/ConsoleReader: the kdump tracker reads a line just before the detector).</summary>
    internal CrashDetector(DetectorOptions? options, LastParsedLine prefixes)
    {
        _options = options ?? DetectorOptions.Default;
        _prefixes = prefixes;
    }

    /// <summary>Lines pushed so far.</summary>
    public long LineCount => _lineNumber;

    /// <summary>A report is being read (the console is in the middle of a crash).</summary>
    public bool InReport => _open.Count > 0;

    /// <summary>
    /// The last "---[ end trace" line read into a report that had not panicked, and that report's first line: on x86,
    /// arm64 and arm an oops the kernel lived through (oops_end() and die() call crash_kexec() before oops_exit() prints
    /// the marker, so a kernel that printed it did not jump by itself). (0, 0) until one is read. The console reader tells the kdump
    /// tracker, which then stops following that oops as a possible dump (KdumpTracker.TraceEnded).
    /// </summary>
    public (long ReportStart, long Line) LastTraceEnd { get; private set; }

    /// <summary>
    /// First line of the oldest report begun but not yet given out (still open, or finished and waiting for an older
    /// one); 0 when there is none. Lets a caller tell whether a line belongs to a report still to come.
    /// </summary>
    public long OldestPendingReportStart
    {
        get
        {
            long oldest = long.MaxValue;
            foreach (OpenReport r in _open)
            {
                oldest = Math.Min(oldest, r.StartLine);
            }
            foreach ((long start, _) in _ready)
            {
                oldest = Math.Min(oldest, start);
            }
            return oldest == long.MaxValue ? 0 : oldest;
        }
    }

    /// <summary>
    /// Announces the lines about to be pushed, in order (a read's worth): the detector's text searches run over all of
    /// them at once, which costs far less than line by line. Optional, and it changes no result: a line pushed that is
    /// not the next one announced is simply searched on its own.
    /// </summary>
    public void PreScan(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _preScan ??= new BatchPreScan(_options.FusedSearch);
        _preScan.Scan(lines);
        _expectedNext = 0;
    }

    /// <summary>
    /// <see cref="PreScan(IReadOnlyList{string})"/> for the lines of a framer's batch, searched where the framer laid
    /// them out. Push the batch's lines next, in order.
    /// </summary>
    public void PreScan(FramedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _preScan ??= new BatchPreScan(_options.FusedSearch);
        _preScan.Scan(batch);
        _expectedNext = 0;
    }

    /// <summary>
    /// <see cref="PreScan(FramedBatch)"/> that also flags the lines that matter to the kdump and hardware-event trackers
    /// (<see cref="BatchPreScan.Scan(FramedBatch, bool, bool)"/>), so a console read for all three (Reading/ConsoleReader) walks
    /// each batch once: the reader takes each line's hints (<see cref="TakeHints(string)"/>) and hands them to all three.
    /// </summary>
    internal void PreScanForTrackers(FramedBatch batch, bool kdump, bool kdumpCaptureWords)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _preScan ??= new BatchPreScan(_options.FusedSearch);
        _preScan.Scan(batch, kdump, kdumpCaptureWords);
        _expectedNext = 0;
    }

    // The pre-scanned line whose hints were taken last; negative when none was (or the announcement was forgotten).
    private int HintIndex => _expectedNext - 1;

    /// <summary>After <see cref="PreScanForTrackers"/> without the capture words, when a dump attempt began at the line
    /// whose hints were taken last: flags the batch's later lines that hold one (BatchPreScan.FlagCaptureWords), whether
    /// the reader pushes them by index or as strings. False when there is no such line (nothing flagged).</summary>
    internal bool FlagCaptureWordsAfterLastLine() => HintIndex >= 0 && _preScan!.FlagCaptureWords(HintIndex + 1);

    /// <summary>Consumes one line (without its terminator) received at <paramref name="receivedAt"/>.</summary>
    public IReadOnlyList<CrashReport> Push(string line, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Push(line, receivedAt, TakeHints(line));
    }

    /// <summary>
    /// Consumes line <paramref name="index"/> of <paramref name="batch"/>, received at <paramref name="receivedAt"/>: the
    /// same as <see cref="Push(string, DateTimeOffset)"/> with <c>batch[index]</c>, but the line is made a string only
    /// when the detector reads it (a report is open, or it may be a header). Push a batch's lines in order after its
    /// <see cref="PreScan(FramedBatch)"/>.
    /// </summary>
    public IReadOnlyList<CrashReport> Push(FramedBatch batch, int index, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        LineHints hints = TakeHints(batch, index);
        return SkipsUnread(batch.TextOf(index), hints) ? None : Push(batch[index], receivedAt, hints);
    }

    /// <summary>
    /// What the last pre-scan found <paramref name="line"/> may hold, when it is the next line announced (the very string
    /// scanned, or made by the batch scanned: the caller's list may have changed since); <see cref="LineHints.Unknown"/>
    /// otherwise, and then for every line until the next pre-scan. Call once per line, before
    /// <see cref="Push(string, DateTimeOffset, LineHints)"/>.
    /// </summary>
    internal LineHints TakeHints(string line) => TakeHints(_expectedNext >= 0 && _preScan!.Holds(_expectedNext, line));

    /// <summary><see cref="TakeHints(string)"/> for line <paramref name="index"/> of <paramref name="batch"/>, which need not
    /// have been made a string.</summary>
    internal LineHints TakeHints(FramedBatch batch, int index) =>
        TakeHints(_expectedNext >= 0 && index == _expectedNext && _preScan!.Holds(batch, index));

    // The next line's hints when it is the next line announced; else the announcement is forgotten.
    private LineHints TakeHints(bool isNext)
    {
        if (isNext)
        {
            return _preScan!.HintOf(_expectedNext++);
        }
        _expectedNext = -1;
        return LineHints.Unknown;
    }

    /// <summary>
    /// Whether the detector has nothing to read in a line with these <paramref name="hints"/> but its first characters
    /// (no report is open and it cannot be a header): then the line is counted as pushed, and the caller need not make
    /// it a string; otherwise nothing is done and the caller pushes it (<see cref="Push(string, DateTimeOffset, LineHints)"/>).
    /// </summary>
    internal bool SkipsUnread(ReadOnlySpan<char> text, LineHints hints)
    {
        if (_open.Count != 0 || ((hints & LineHints.MayHoldMarker) != 0 && HeaderRecognizer.MayBeHeader(text)) || WrapHeadIsLast)
        {
            return false;
        }
        _lineNumber++;
        NoteKernelRunning(text);
        return true;
    }

    // A printk time ("[   12.345678]") in front of a line, or behind what a collector put first ("[22:00:01.000] [  500.7]"
    // of tio -t, "Dec  6 22:00:01 host kernel: [  500.7]"): the kernel is running. Not firmware's "[Bds]", init's
    // "[  OK  ]" or the terminal program's clock alone, which it puts in front of the boot stub's own lines too.
    private void NoteKernelRunning(ReadOnlySpan<char> line)
    {
        if (!_runningSinceBoot && line.Length > 1)
        {
            _runningSinceBoot = line[0] == '[' && PrintkTime.SkipNumeric(line, 0) > 0
                || (line[1..Math.Min(line.Length, 80)].Contains('[') && PrintkTime.FindEmbedded(line, 0) > 0);
        }
    }

    /// <summary><see cref="Push(string, DateTimeOffset)"/> with the line's hints taken already (<see cref="TakeHints(string)"/>).</summary>
    internal IReadOnlyList<CrashReport> Push(string line, DateTimeOffset receivedAt, LineHints hints)
    {
        long number = ++_lineNumber;
        NoteKernelRunning(line);
        if (RejoinWrappedHeader(line, number) is { } whole)
        {
            line = whole;
            hints |= LineHints.MayHoldMarker;
        }
        if (_open.Count == 0)
        {
            // The common case, kept cheap: one vectorized search over the raw line.
            if ((hints & LineHints.MayHoldMarker) == 0 || !HeaderRecognizer.MayBeHeader(line))
            {
                return None;
            }
            KernelLine first = _prefixes.Parse(line);
            if (HeaderRecognizer.Recognize(first) is { } header)
            {
                Open(header, number, receivedAt);
                NoteCutHeader(header, number);
            }
            else
            {
                NoteWrapHead(first, number);
            }
            return None;
        }

        KernelLine kl = _prefixes.Parse(line);
        CloseStale(number);
        if (IsBootBanner(kl))
        {
            // The machine rebooted or kexec'd into a capture kernel in the middle of the reports: they died.
            MarkDying();
            foreach (OpenReport r in _open.ToArray())
            {
                Close(r);
            }
            return Release();
        }

        if (IsJumpToCaptureKernel(kl))
        {
            // crash_kexec() is handing the machine to the capture kernel: the kernel dies here as surely as at the capture
            // kernel's banner (above), which the console may never show. The line itself is read as usual below.
            MarkDying();
        }

        OpenReport? target = Target(kl);
        if (target is not null && ClockWentBack(target, kl))
        {
            // Another boot's or another capture's lines (concatenated dmesg files, a capture kernel whose banner was lost):
            // the report ended before them, and a panic there is not its panic.
            Close(target);
            target = null;
        }
        bool mayBeHeader = (hints & LineHints.MayHoldMarker) != 0 && HeaderRecognizer.MayBeHeader(kl.TextSpan);
        HeaderMatch? match = mayBeHeader ? HeaderRecognizer.Recognize(kl) : null;
        if (mayBeHeader && match is null)
        {
            NoteWrapHead(kl, number);
        }
        if (match is not null && match.Group.Lifecycle != Rules.Lifecycle.None && target is not null)
        {
            // A shutdown notice or a new boot inside a report: the report reads it as usual; the fact is only recorded.
            Append(target, new ReportLine(kl, WithFacts(hints)), number, receivedAt);
            Open(match, number, receivedAt);
            return Release();
        }
        if (match is not null)
        {
            if (target is not null && SameHeaderAgain(target, kl, match))
            {
                // A doubled console (two consoles, or a capture that repeats what it already sent): the very header line,
                // printk time and all, a second time. It is the same event, not a second report.
                target.LastLineAt = receivedAt;
                target.LastAcceptedLine = number;
                return Release();
            }
            if (target is not null && PrintedBefore(target, kl))
            {
                // The open report is only a follow-on header (die()'s "invalid opcode", arm's "Internal error", a panic) and this
                // header's printk time is earlier: the capture put the lines out of order (report_bug() prints "kernel BUG at"
                // before die()'s header). The event starts here and the follow-on header joins it.
                KernelLine later = target.Header.Line;
                Discard(target);
                Open(match, number, receivedAt);
                if (Target(later) is { } opened && ReferenceEquals(opened.Header, match))
                {
                    Join(opened, later, number, receivedAt);
                }
                return Release();
            }
            if (target is not null && (match.Group.JoinsOpenReport || (target.Header.Group.AbsorbsFollowingHeaders && !target.SawFrames)
                                      || target.Header.Group.Takes(match.HeaderText)))
            {
                Join(target, kl, number, receivedAt);
                return Release();
            }
            if (target is not null)
            {
                Close(target);
            }
            Open(match, number, receivedAt);
            NoteCutHeader(match, number);
            return Release();
        }
        if (target is not null)
        {
            Append(target, new ReportLine(kl, WithFacts(hints)), number, receivedAt);
        }
        else if (!kl.HasKernelPrefix && !RejoinSplitInstructionPointer(kl, number))
        {
            RejoinSplitFrame(kl.TextSpan, number);
        }
        return Release();
    }

    // An untimed line right after an instruction-pointer line cut at its label ("IP:", "RIP: 0010:", s390's PSW without
    // its "(symbol)") in a report read from the kernel's timed lines is that line's symbol (SplitInstructionPointer): it
    // joins the report as a line of its own, right after the cut line, where the report's fields read it, instead of
    // being left out as user space's. (On a console without printk times it is a line of the report already.)
    private bool RejoinSplitInstructionPointer(in KernelLine line, long number)
    {
        ReadOnlySpan<char> text = line.TextSpan;
        foreach (OpenReport r in _open)
        {
            // The cut line is not structural ("IP:" alone), so it may wait among the pending lines.
            bool pending = r.Pending.Count > 0;
            if (r.LastAcceptedLine != number - 1 || r.Ended || (!pending && r.Lines.Count < 2))
            {
                continue;
            }
            ReadOnlySpan<char> cut = (pending ? r.Pending[^1] : r.Lines[^1]).Text;
            if (SplitInstructionPointer.SymbolAfterCut(cut, text) is not null)
            {
                r.Commit(new ReportLine(line), number);
                r.QuietRun = 0;
                r.LastAcceptedLine = number;
                return true;
            }
        }
        return false;
    }

    // An untimed line right after a powerpc frame line that ends after its two addresses is that frame's symbol, cut off by
    // the capture (SplitPowerpcFrame): it goes back onto the frame line instead of being left out as user space's.
    private void RejoinSplitFrame(ReadOnlySpan<char> text, long number)
    {
        foreach (OpenReport r in _open)
        {
            if (r.LastAcceptedLine == number - 1 && r.Pending.Count == 0 && r.Lines.Count > 1
                && SplitPowerpcFrame.EndsAfterAddresses(r.Lines[^1].Text) && SplitPowerpcFrame.IsBareSymbol(text))
            {
                r.Lines[^1] = SplitPowerpcFrame.Rejoined(r.Lines[^1], text);
                r.LastAcceptedLine = number;
                r.SawFrames = true;
                return;
            }
        }
    }

    // A report line's hints with the batch's fact words searched for (BatchPreScan.SearchFacts), when they were not yet.
    private LineHints WithFacts(LineHints hints) =>
        (hints & LineHints.FactsNotSearched) == 0 || HintIndex < 0 ? hints : _preScan!.SearchFacts(HintIndex, hints);

    /// <summary>Closes every report whose console has printed nothing for <see cref="DetectorOptions.QuietPeriod"/>.</summary>
    public IReadOnlyList<CrashReport> Flush(DateTimeOffset now)
    {
        foreach (OpenReport r in _open.ToArray())
        {
            if (now - r.LastLineAt >= _options.QuietPeriod)
            {
                Close(r);
            }
        }
        return Release();
    }

    /// <summary>End of input: closes every open report.</summary>
    public IReadOnlyList<CrashReport> Complete()
    {
        foreach (OpenReport r in _open.ToArray())
        {
            Close(r);
        }
        return Release();
    }

    private void Open(HeaderMatch header, long number, DateTimeOffset at)
    {
        switch (header.Group.Lifecycle)
        {
            case Rules.Lifecycle.OrderlyShutdown:
                _orderlyShutdown = true;
                return;
            case Rules.Lifecycle.Reboot:
                bool unexplained = _runningSinceBoot && !_orderlyShutdown && !_crashSinceBoot;
                _runningSinceBoot = _orderlyShutdown = _crashSinceBoot = false;
                if (!unexplained)
                {
                    return;
                }
                break;
            default:
                _crashSinceBoot = true;
                break;
        }
        var report = new OpenReport(header, number, _lineLists) { LastLineAt = at };
        if (header.Group.Marker == "Kernel panic - not syncing")
        {
            report.Panicked = true;
            report.PanicReason = ReportFinalizer.PanicReasonOf(header.HeaderText);
        }
        if (OfContext(report.Context) is { } same)
        {
            // The context's report did not take this line (a header without the kernel's prefix after one with it):
            // it ends here rather than being dropped unseen.
            Close(same);
        }
        if (_open.Count >= MaxOpenReports)
        {
            CloseQuietest();
        }
        _open.Add(report);
        _oldestOpenStart = -1;
    }

    /// <summary>Reports open at once, at most. With CONFIG_PRINTK_CALLER each context ([T123], [C3]) has its own, and every
    /// line searches them (OfContext, Accepts): a console naming thousands of tasks, each opening a report, made every line
    /// search thousands. A real kernel has a few reports open at once: one per CPU in the worst storm, and the CPUs
    /// printing at once are far fewer than this.</summary>
    internal const int MaxOpenReports = 256;

    /// <summary>Reports open now (tests: the bound above).</summary>
    internal int OpenReportCount => _open.Count;

    // Past MaxOpenReports, the report whose context printed least recently ends, as if its context had gone quiet.
    private void CloseQuietest()
    {
        OpenReport quietest = _open[0];
        foreach (OpenReport r in _open)
        {
            if (r.LastAcceptedLine < quietest.LastAcceptedLine)
            {
                quietest = r;
            }
        }
        Close(quietest);
    }

    private void Join(OpenReport target, in KernelLine line, long number, DateTimeOffset at)
    {
        target.LastAcceptedLine = number;
        target.Commit(new ReportLine(line), number);
        target.LastLineAt = at;
        target.QuietRun = 0;
        if (ReportFinalizer.PanicReasonOf(line.Text) is { } reason)
        {
            target.Panicked = true;
            target.PanicReason ??= reason;
            // The panic prints its own stack and "---[ end Kernel panic": read on.
            target.Ended = false;
        }
        // Joined headers obey the report's bound (MaxReportLines) as appended lines do (Append): a header that joins
        // printed over and over ("unregister_netdevice: waiting for lo to become free" every 10 s for days, a panic
        // line in a loop) made one report that grew with the console, and held back every later report behind it.
        if (target.Lines.Count + target.Pending.Count >= _options.MaxReportLines)
        {
            Close(target);
        }
    }

    private void Append(OpenReport target, in ReportLine line, long number, DateTimeOffset at)
    {
        target.LastLineAt = at;
        target.LastAcceptedLine = number;
        ReadOnlySpan<char> text = line.Text;
        if (line.Has(LineFacts.EndOfPanic) || text.StartsWith("Rebooting in ", StringComparison.Ordinal)
            || text.StartsWith("reboot: Restarting system", StringComparison.Ordinal))
        {
            target.Commit(line, number);
            Close(target);
            return;
        }
        if (line.Has(LineFacts.EndOfTrace))
        {
            target.Commit(line, number);
            target.Ended = true;
            if (!target.Panicked)
            {
                LastTraceEnd = (target.StartLine, number);
            }
            return;
        }
        if (line.Has(LineFacts.NmiBacktraces))
        {
            target.AcceptsAllCpus = true;
        }
        if (target.Ended)
        {
            target.Pending.Add(line);
            if (target.Pending.Count > PendingLinesAwaitingAPanic)
            {
                Close(target);
            }
            return;
        }
        if (ReportLineKinds.IsStructural(text))
        {
            target.Commit(line, number);
            target.QuietRun = 0;
            if (!target.SawFrames)
            {
                target.SawFrames = text.Length > 0 && text[0] is ' ' or '[' && ReportLineKinds.MayBeFrame(text);
            }
        }
        else
        {
            target.Pending.Add(line);
            if (++target.QuietRun >= QuietRunThatEndsAReport && target.SawFrames)
            {
                target.Ended = true;
            }
            else if (target.QuietRun >= PendingLinesAwaitingAPanic)
            {
                Close(target);
                return;
            }
        }
        if (target.Lines.Count + target.Pending.Count >= _options.MaxReportLines)
        {
            Close(target);
        }
    }

    // A context that printed nothing for QuietLines console lines has finished its report: the line-count twin of
    // Flush's quiet period, which also bounds what a report of a vanished context can hold back.
    private void CloseStale(long number)
    {
        // Checked every 64 lines: staleness is measured in thousands of lines.
        if (_open.Count == 0 || (number & 63) != 0)
        {
            return;
        }
        List<OpenReport>? stale = null;
        foreach (OpenReport r in _open)
        {
            if (number - r.LastAcceptedLine > _options.QuietLines)
            {
                (stale ??= []).Add(r);
            }
        }
        if (stale is not null)
        {
            foreach (OpenReport r in stale)
            {
                Close(r);
            }
        }
    }

    private OpenReport? Target(in KernelLine line)
    {
        if (line.Caller is { } caller && OfContext(caller) is { } own)
        {
            return own;
        }
        foreach (OpenReport r in _open)
        {
            if (r.Accepts(line))
            {
                return r;
            }
        }
        return null;
    }

    private void RemoveOpen(OpenReport report)
    {
        _open.Remove(report);
        _oldestOpenStart = -1;
        if (ReferenceEquals(_lastOfContext, report))
        {
            _lastOfContext = null;
        }
    }

    // The open report of a context (null: lines without a caller id).
    private OpenReport? OfContext(string? context)
    {
        // A context prints its lines in runs: the report found last is asked first. Exact, for a context has at most one
        // open report (Open closes the one before) and the one remembered is forgotten when it closes (RemoveOpen).
        if (_lastOfContext is { } last && ReferenceEquals(last.Context, context))
        {
            return last;
        }
        foreach (OpenReport r in _open)
        {
            // Caller ids come from the name cache: the same id is mostly the same string. Another context's id mostly
            // differs in its length or its last digit, looked at before the whole ids are compared: with a report open
            // per task on a crash-dense console, every line was compared with each other task's id (2 million calls of
            // string.Equals over 34 MB, 2 % of the scan's instructions).
            if (ReferenceEquals(r.Context, context)
                || r.Context is { } other && context is not null && other.Length == context.Length
                   && (other.Length == 0 || other[^1] == context[^1])
                   && string.Equals(other, context, StringComparison.Ordinal))
            {
                _lastOfContext = r;
                return r;
            }
        }
        return null;
    }

    private void Close(OpenReport report)
    {
        if (!report.Ended && report.Pending.Count > 0)
        {
            // Cut off mid-report (quiet console, end of input): what it printed last still belongs to it.
            report.Lines.AddRange(report.Pending);
            report.EndLine += report.Pending.Count;
            report.Pending.Clear();
        }
        RemoveOpen(report);
        if (!Confirmed(report))
        {
            _lineLists.Return(report.Lines);
            _lineLists.Return(report.Pending);
            return;
        }
        int at = _ready.Count;
        while (at > 0 && _ready[at - 1].Start > report.StartLine)
        {
            at--;
        }
        CrashReport built = ReportFinalizer.Build(report, _view);
        _ready.Insert(at, (report.StartLine, built));
        _readyText += built.TextLength;
        // The report keeps nothing of its lists: the next report of this console reuses them.
        _lineLists.Return(report.Lines);
        _lineLists.Return(report.Pending);
    }

    // A rule that needs a confirming line (CrashRule.Confirmation): the report is dropped when none came.
    private static bool Confirmed(OpenReport report)
    {
        if (report.Header.Group.Rules[report.Header.FirstRule].Confirmation is not { } confirm)
        {
            return true;
        }
        foreach (ReportLine line in report.Lines)
        {
            if (confirm(line.Line.TextSpan) is not null)
            {
                return true;
            }
        }
        return false;
    }

    // Releases completed reports in the order they started: none overtakes an older report still being read.
    private IReadOnlyList<CrashReport> Release()
    {
        if (_ready.Count == 0)
        {
            return None;
        }
        CloseWhatHoldsTooMuchBack();
        if (_oldestOpenStart < 0)
        {
            _oldestOpenStart = long.MaxValue;
            foreach (OpenReport r in _open)
            {
                _oldestOpenStart = Math.Min(_oldestOpenStart, r.StartLine);
            }
        }
        long oldestOpen = _oldestOpenStart;
        int n = 0;
        while (n < _ready.Count && _ready[n].Start < oldestOpen)
        {
            _readyText -= _ready[n].Report.TextLength;
            n++;
        }
        if (n == 0)
        {
            // An older report is still being read (asked on every line until it ends): nothing to hand out yet.
            return None;
        }
        var released = new CrashReport[n];
        for (int i = 0; i < n; i++)
        {
            released[i] = _ready[i].Report;
        }
        _ready.RemoveRange(0, n);
        return released;
    }

    // A report still open holds back every report completed after it began (order is kept). One whose context prints a
    // line now and then (less than QuietLines apart, less than MaxReportLines in all) held back the reports of every
    // other context for up to QuietLines x MaxReportLines (2 million) lines: 200,000 lines of interleaved warnings behind
    // one such context took 246 MB against 89 MB for 20,000. Past MaxHeldBack reports or MaxHeldBackText characters of
    // their text waiting, the oldest open report is closed, as if its context had gone quiet; then they go out in order.
    private void CloseWhatHoldsTooMuchBack()
    {
        while (_ready.Count > MaxHeldBack || _readyText > MaxHeldBackText)
        {
            OpenReport? oldest = null;
            foreach (OpenReport r in _open)
            {
                if (oldest is null || r.StartLine < oldest.StartLine)
                {
                    oldest = r;
                }
            }
            if (oldest is null || oldest.StartLine > _ready[0].Start)
            {
                return;
            }
            Close(oldest);
        }
    }

    /// <summary>Completed reports that may wait for an older one still open, at most (a real console with caller ids has a
    /// few reports open at once, seldom more than a handful complete while one waits).</summary>
    internal const int MaxHeldBack = 64;

    /// <summary>Characters of report text that may wait for an older report still open, at most (32 MB).</summary>
    internal const long MaxHeldBackText = 16L << 20;

    /// <summary>
    /// printk times come from local_clock(), which only moves forward within a boot (the CPUs' clocks differ by far less
    /// than a second); a line more than <see cref="ClockRestartSeconds"/> behind the report's latest is another boot's.
    /// </summary>
    private static bool ClockWentBack(OpenReport target, in KernelLine line)
    {
        long seconds = line.PrefixSeconds;
        if (seconds < 0)
        {
            return false;
        }
        if (target.LatestSeconds - seconds > ClockRestartSeconds)
        {
            return true;
        }
        target.LatestSeconds = Math.Max(target.LatestSeconds, seconds);
        return false;
    }

    private const long ClockRestartSeconds = 30;

    // Lines printed for one event are microseconds apart; a capture's reordering stays well within this.
    private const long SameEventMicroseconds = 1_000_000;

    private static bool SameHeaderAgain(OpenReport target, in KernelLine line, HeaderMatch match)
    {
        long at = PrintkTime.Microseconds(line.Raw.AsSpan(0, line.TextStart));
        return at >= 0 && string.Equals(match.HeaderText, target.Header.HeaderText, StringComparison.Ordinal)
               && at == HeaderMicroseconds(target.Header);
    }

    private static bool PrintedBefore(OpenReport target, in KernelLine line)
    {
        if (!target.Header.Group.JoinsOpenReport || target.Lines.Count != 1 || target.Pending.Count != 0)
        {
            return false;
        }
        long at = PrintkTime.Microseconds(line.Raw.AsSpan(0, line.TextStart));
        long headerAt = HeaderMicroseconds(target.Header);
        return at >= 0 && headerAt >= 0 && at < headerAt && headerAt - at < SameEventMicroseconds;
    }

    // The printk time in front of a header, also where a capture glued other output to it ("-wait-wouldblock[  347.4] …").
    private static long HeaderMicroseconds(HeaderMatch header)
    {
        string raw = header.Line.Raw;
        int text = raw.IndexOf(header.HeaderText, StringComparison.Ordinal);
        return PrintkTime.Microseconds(raw.AsSpan(0, text >= 0 ? text : header.Line.TextStart));
    }

    /// <summary>Drops an open report without emitting it (its lines are taken over by another).</summary>
    private void Discard(OpenReport report)
    {
        RemoveOpen(report);
        _lineLists.Return(report.Lines);
        _lineLists.Return(report.Pending);
    }

    // The kernel died while these reports were open (a new boot, or the jump into the capture kernel): each is a panic,
    // but for one that ended long enough ago that what followed it was not its own dying.
    private void MarkDying()
    {
        foreach (OpenReport r in _open)
        {
            if (!r.Panicked && (!r.Ended || r.Pending.Count <= PendingLinesStillPartOfACrashBeforeReboot) && !LivedOn(r))
            {
                r.Panicked = true;
            }
        }
    }

    /// <summary>
    /// The kernel printed lines more than <see cref="LivedOnSeconds"/> after the report's header, in the same boot
    /// (printk times only move forward within one, see <see cref="ClockWentBack"/>): it survived the report, and a later reboot
    /// is not the report's dying. A panic follows its oops at once (oops_end() calls panic() itself); a 2.6.22 kern.log whose
    /// BUG() was followed by six hours of driver lines before the next boot's banner was no panic.
    /// </summary>
    private static bool LivedOn(OpenReport report)
    {
        long headerMicroseconds = HeaderMicroseconds(report.Header);
        return headerMicroseconds >= 0 && report.LatestSeconds - (headerMicroseconds / 1_000_000) > LivedOnSeconds;
    }

    private const long LivedOnSeconds = 60;

    // arm64's, riscv's and loongarch's machine_crash_shutdown() print it (pr_info) only on the way into the capture
    // kernel after a crash; x86 prints nothing there.
    private static bool IsJumpToCaptureKernel(in KernelLine line) =>
        line.TextSpan.StartsWith("Starting crashdump kernel", StringComparison.Ordinal);

    private static bool IsBootBanner(in KernelLine line) =>
        line.HasKernelPrefix && (line.TextSpan.StartsWith("Linux version ", StringComparison.Ordinal)
                                 || line.TextSpan.StartsWith("Booting Linux on physical CPU", StringComparison.Ordinal));
}
