using SolWatch.Parsers.Framing;

namespace SolWatch.Parsers.Hardware;

/// <summary>
/// Follows one console's hardware error reports: lines in, <see cref="HardwareEvent"/>s out, each when its record is
/// complete (the next line is not part of it, the console went quiet, or it ended). Pure: no I/O, no clock. The
/// console reader runs it beside the crash detector (Reading/ConsoleReader); it never makes a crash report: a fatal
/// machine check is a crash because the kernel panics, and the detector reads that panic.
/// </summary>
/// <remarks>
/// How lines become one event: a record is begun by its family's first line (print_mce's "CPU n: Machine Check", AMD's
/// status message, "EDAC MCn: … CE …", GHES's "Hardware error from APEI…", powerpc's "MCE: CPUn: machine check") and
/// continued by the lines that family prints after it (<see cref="RecordBuilder.Takes"/>). "Machine check events
/// logged" comes before the record it announces and joins it; an EDAC driver's line right after a record is that
/// record's memory location. A line that belongs to no record closes the open one; a "Kernel panic" while one is open
/// makes it fatal.
/// </remarks>
public sealed class HardwareTracker
{
    private static readonly IReadOnlyList<HardwareEvent> None = [];

    // Other lines a record may have between its own and stay one: a syslog wall message puts a blank line and
    // "Message from syslogd@host at …" before each line ("kernel:[Hardware Error]: …"); a journal interleaves other
    // programs. A third such line ends the record.
    private const int MaxGap = 2;

    // How many console lines after a bare "Machine check events logged" the record it announces may begin. The notice
    // (mce_notify_irq) is printed when records are queued; the decoders (print_mce, mce_amd, the EDAC drivers) print
    // them from the notifier chain's work shortly after, while other messages (memory_failure, a GHES record, a
    // driver's own printk) may come between.
    private const int NoticeReach = 32;

    private readonly List<HardwareEvent> _out = [];
    private RecordBuilder? _open;
    // A bare notice whose record has not begun yet (NoticeReach).
    private RecordBuilder? _notice;
    private int _gap;
    // Lines of a WARNING printed while a record is open ("------------[ cut here ]------------" to "---[ end trace"):
    // a decoder's own WARN_ON in the notifier chain's work (edac_mc_handle_error's, between mce_amd's decode and the
    // EDAC line of the same error) interrupts the record it is printing; its lines are no gap. At most MaxSplat.
    private int _splat = -1;
    private const int MaxSplat = 120;
    private long _line;
    // The last pre-scanned batch (PreScan): which of its lines may begin an event.
    private readonly AnnouncedLines _announced = new();

    /// <summary>Lines read so far.</summary>
    public long LineCount => _line;

    /// <summary>A record is being read.</summary>
    public bool InRecord => _open is not null;

    /// <summary>
    /// Searches a framed batch for the anchors at once, before its lines are pushed in order (see
    /// <see cref="HardwareAnchors"/>). Optional: a line pushed without it is searched alone; the events are the same.
    /// </summary>
    public void PreScan(FramedBatch batch) => HardwareAnchors.Flag(batch.JoinedText, batch.Starts, _announced.Announce(batch));

    /// <summary>
    /// Takes a line <see cref="Push(string, DateTimeOffset, bool)"/> would leave at once: <paramref name="mayBegin"/>
    /// false and no record open. It is counted; true then, and the caller need not make the line a string. False, with
    /// nothing done, when the line must be read.
    /// </summary>
    internal bool PassesOver(bool mayBegin)
    {
        if (mayBegin || _open is not null)
        {
            return false;
        }
        _line++;
        return true;
    }

    /// <summary>Reads one framed line; returns the events it completed (usually none).</summary>
    public IReadOnlyList<HardwareEvent> Push(string line, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Push(line, receivedAt, _announced.TryTake(line, out bool flagged) ? flagged : HardwareAnchors.MayBegin(line));
    }

    /// <summary>
    /// <see cref="Push(string, DateTimeOffset)"/> for a line whose batch the caller searched itself (the detector's
    /// shared pre-scan, Detection/BatchPreScan): <paramref name="mayBegin"/> is its answer.
    /// </summary>
    internal IReadOnlyList<HardwareEvent> Push(string line, DateTimeOffset receivedAt, bool mayBegin)
    {
        if (PassesOver(mayBegin))
        {
            return None;
        }
        Read(++_line, line, receivedAt);
        return Take();
    }

    /// <summary>The console has gone quiet: the open record, if any, is complete.</summary>
    public IReadOnlyList<HardwareEvent> Flush()
    {
        EmitNotice();
        Close();
        EmitNotice();
        return Take();
    }

    /// <summary>End of the console.</summary>
    public IReadOnlyList<HardwareEvent> Complete() => Flush();

    private void Read(long n, string line, DateTimeOffset at)
    {
        if (_notice is { } waiting && n - waiting.EndLine > NoticeReach)
        {
            EmitNotice();
        }
        if (Splat(line))
        {
            return;
        }
        HardwarePiece? piece = HardwareLine.Parse(line);
        if (piece is null)
        {
            if (_open is not null && (line.Contains("Kernel panic - not syncing", StringComparison.Ordinal)
                || (_open.Source == HardwareSource.PowerPc && line.Contains("Oops: machine check", StringComparison.OrdinalIgnoreCase))))
            {
                // mce_panic() and __ghes_panic() print the record, then panic(); powerpc's handlers print theirs, then
                // die("Machine check", regs, SIGBUS) ("Oops: Machine check, sig: 7", "machine check" before 2.6.14): fatal.
                _open.MarkFatal();
                Close();
            }
            else if (_open is not null && ++_gap > MaxGap)
            {
                Close();
            }
            return;
        }
        if (_open is { } open && open.Lines < RecordBuilder.MaxLines && open.Takes(piece))
        {
            _gap = 0;
            open.Add(n, line, piece);
            return;
        }
        if (piece.Wrapped)
        {
            // The rest of a line a copy wrapped that continues nothing open: a line of no record, like an unknown one.
            if (_open is not null && ++_gap > MaxGap)
            {
                Close();
            }
            return;
        }
        Close();
        if (_notice is { } late && late.TooLateFor(piece))
        {
            // The notice's record never came in time (RecordBuilder.NoticeWindowMicroseconds): an event of its own, before this.
            EmitNotice();
        }
        if (_notice is { } notice && Announced(piece) && notice.Takes(piece))
        {
            // The record the notice announced, printed after other lines: one event from the notice on.
            _notice = null;
            _open = notice;
            _open.Add(n, line, piece);
        }
        else if (Begins(piece))
        {
            _open = new RecordBuilder(RecordBuilder.SourceOf(piece.Kind, HardwareSource.Mce), n, at);
            _open.Add(n, line, piece);
        }
    }

    // A line of a WARNING printed while a record is open (see _splat): read past, the record stays open. A panic in it
    // (panic_on_warn) ends it and is read as always.
    private bool Splat(string line)
    {
        if (_splat < 0)
        {
            if (_open is not null && line.Contains("------------[ cut here ]------------", StringComparison.Ordinal))
            {
                _splat = 0;
                return true;
            }
            return false;
        }
        if (_open is null || line.Contains("Kernel panic - not syncing", StringComparison.Ordinal))
        {
            // The record was closed meanwhile (the console went quiet), or the WARNING panicked: this line is read as any other.
            _splat = -1;
            return false;
        }
        if (line.Contains("---[ end trace", StringComparison.Ordinal) || ++_splat > MaxSplat)
        {
            _splat = -1;
        }
        return true;
    }

    // The first lines of the records "Machine check events logged" announces: print_mce and its older forms, an EDAC
    // driver's copy ("HANDLING MCE MEMORY ERROR"), mce_amd's decode, edac_mc's line. Not a GHES record, nor another notice.
    private static bool Announced(HardwarePiece piece) => piece.Kind switch
    {
        PieceKind.McaHead or PieceKind.McaBank or PieceKind.AmdMessage or PieceKind.AmdBankError or PieceKind.Edac => true,
        PieceKind.AmdStatus => !piece.Wrapped,
        PieceKind.McaNote or PieceKind.AmdDetail => piece.Begins,
        _ => false,
    };

    private void EmitNotice()
    {
        if (_notice is { } notice)
        {
            _notice = null;
            _out.Add(notice.Build());
        }
    }

    // The lines a record can start with; the others only continue one.
    private static bool Begins(HardwarePiece piece) => piece.Kind switch
    {
        PieceKind.Notice or PieceKind.McaHead or PieceKind.McaBank or PieceKind.AmdMessage or PieceKind.AmdBankError
            or PieceKind.Edac or PieceKind.GhesStart or PieceKind.PowerPcHead or PieceKind.Arm64SError
            or PieceKind.AerHead or PieceKind.AerDevice or PieceKind.S390Head => true,
        PieceKind.AmdStatus => !piece.Wrapped,
        // amd64_edac's "CE ERROR_ADDRESS=" (HardwareLine): the first line read of a 2.6.32 northbridge error.
        PieceKind.McaNote or PieceKind.AmdDetail => piece.Begins,
        // A CPER line whose record's first line was lost still says what it is, by its sequence number.
        PieceKind.GhesField => piece.GhesSequence is not null,
        _ => false,
    };

    private void Close()
    {
        _gap = 0;
        if (_open is { } open)
        {
            _open = null;
            if (open.NoticeOnly)
            {
                // Its record may still come (NoticeReach); an older notice still waiting is an event of its own.
                EmitNotice();
                _notice = open;
                return;
            }
            _out.Add(open.Build());
        }
    }

    private IReadOnlyList<HardwareEvent> Take()
    {
        if (_out.Count == 0)
        {
            return None;
        }
        HardwareEvent[] done = [.. _out];
        _out.Clear();
        return done;
    }
}
