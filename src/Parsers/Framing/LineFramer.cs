using System.Buffers;
using System.Text;

namespace SolWatch.Parsers.Framing;

/// <summary>
/// Turns a console's raw bytes into clean text lines, incrementally: CR, LF, CRLF and LFCR end a line; ANSI/VT100
/// escape sequences (BIOS console redirection repaints the screen with them) are removed; NUL and other control bytes
/// are dropped (a printk level header inside a line, KERN_SOH and its level, ends the line before it); invalid UTF-8 becomes U+FFFD; a line longer than <see cref="LineFramerOptions.MaxLineLength"/> is cut;
/// a z/VM guest console's lines wrapped at 80 columns are joined again (see <see cref="ZvmWrap"/>); util-linux
/// <c>dmesg --json</c>'s records become the console lines they were (see <see cref="DmesgJsonRecords"/>).
/// One framer per console; not thread-safe.
/// </summary>
/// <remarks>
/// The finished lines of a read are gathered as bytes, each followed by <c>'\n'</c>, and decoded together into a
/// <see cref="FramedBatch"/>: one decoder call per read instead of one per line (console lines are short, and a
/// decoder call's fixed cost was most of what decoding one cost). Reads are framed in slices of at most
/// <see cref="SliceLength"/> bytes, which bounds the framer's buffer whatever a caller hands it at once.
/// </remarks>
public sealed partial class LineFramer
{
    private const int SliceLength = 16 * 1024;

    // Bytes that need the slow path; everything else is copied in runs found with one vectorized search.
    private static readonly SearchValues<byte> Special = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F]);

    private readonly int _maxLine;
    // The slice's finished lines (_finished bytes, each line followed by '\n'), then the line being read (_length bytes).
    private byte[] _bytes;
    private int _finished;
    private int _length;
    // Where each finished line's '\n' is in _bytes.
    private int[] _lineEnds = new int[64];
    // Each finished line's line number in the input as a file counts them (LineFramer.FileLines.cs).
    private long[] _lineFiles = new long[64];
    private int _lineCount;
    private Terminator _lastTerminator = Terminator.None;
    // The last finished line is a z/VM line cut at the console's width, kept until the next line's start shows whether
    // it goes on there; _segment is where the unfinished line's last wrapped piece starts (its "NN: " removed).
    private bool _wrapPending;
    private int _segment;
    // The length of the address in front of the held line's next piece: ZvmWrap.PrefixLength, or 0 on a console that
    // pads its 80-column records and shows no address (_paddedRecords of them in a row trust that form for good).
    private int _wrapPrefix;
    private int _paddedRecords;
    private bool _recordsPadded;
    private EscapeState _escape = EscapeState.None;
    // For callers that want the lines alone (Push into a collection).
    private FramedBatch? _scratch;

    /// <summary>Creates a framer.</summary>
    public LineFramer(LineFramerOptions? options = null)
    {
        _maxLine = Math.Max(16, (options ?? LineFramerOptions.Default).MaxLineLength);
        // Grown to the reads it is given (see Frame): a serial console's reads are a few hundred bytes.
        _bytes = new byte[_maxLine + 256];
    }

    /// <summary>Consumes <paramref name="bytes"/> and adds every line they complete to <paramref name="lines"/>.</summary>
    public void Push(ReadOnlySpan<byte> bytes, ICollection<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        FramedBatch batch = _scratch ??= new FramedBatch();
        Push(bytes, batch);
        for (int i = 0; i < batch.Count; i++)
        {
            lines.Add(batch[i]);
        }
        // Cleared here, not kept until the next call: the lines are the caller's now.
        batch.Clear();
    }

    /// <summary>Consumes <paramref name="bytes"/> and adds every line they complete to <paramref name="batch"/>.</summary>
    public void Push(ReadOnlySpan<byte> bytes, FramedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        while (!bytes.IsEmpty)
        {
            int slice = Math.Min(bytes.Length, SliceLength);
            Frame(bytes[..slice]);
            // A wrapped z/VM line waiting for the next line's start stays behind with the unfinished line.
            int ready = _wrapPending ? _lineCount - 1 : _lineCount;
            int readyBytes = ready == 0 ? 0 : _lineEnds[ready - 1] + 1;
            if (readyBytes > 0)
            {
                AddLines(batch, _bytes.AsSpan(0, readyBytes), _lineEnds.AsSpan(0, ready), _lineFiles.AsSpan(0, ready));
                int kept = _lineCount - ready;
                for (int k = 0; k < kept; k++)
                {
                    _lineEnds[k] = _lineEnds[ready + k] - readyBytes;
                    _lineFiles[k] = _lineFiles[ready + k];
                }
                _lineCount = kept;
                // The held and the unfinished line move to the front for the next slice.
                _bytes.AsSpan(readyBytes, _finished - readyBytes + _length).CopyTo(_bytes);
                _finished -= readyBytes;
            }
            bytes = bytes[slice..];
        }
    }

    /// <summary>Returns the unfinished line, if any, and forgets it (end of input, or a console gone quiet).</summary>
    /// <remarks>A line held to see whether a z/VM wrap goes on is given first; the unfinished line then stays for the
    /// next call, unless it is the wrap's own prefix alone: call it until it returns null.</remarks>
    public string? Flush() => Flush(out _);

    /// <summary><see cref="Flush()"/>, with the line's number in the input as a file counts them (see
    /// <see cref="FramedBatch.FileLineOf"/>).</summary>
    public string? Flush(out long fileLine)
    {
        _escape = EscapeState.None;
        if (_dmesgJson?.TakeHeld(out fileLine) is { } opening)
        {
            return opening;
        }
        if (_wrapPending)
        {
            fileLine = _lineFiles[_lineCount - 1];
            _wrapPending = false;
            int start = _lineCount > 1 ? _lineEnds[_lineCount - 2] + 1 : 0;
            string held = Encoding.UTF8.GetString(_bytes, start, _lineEnds[_lineCount - 1] - start);
            bool prefixAlone = _wrapPrefix > 0 && _length <= _wrapPrefix && held.AsSpan(0, _length).SequenceEqual(Encoding.UTF8.GetString(_bytes, _finished, _length));
            _bytes.AsSpan(_finished, _length).CopyTo(_bytes);
            _finished = 0;
            _lineCount = 0;
            _segment = 0;
            if (prefixAlone)
            {
                _length = 0;
            }
            return held;
        }
        fileLine = _lineFile;
        if (_length == 0)
        {
            return null;
        }
        string text = Encoding.UTF8.GetString(_bytes, _finished, _length);
        _length = 0;
        _lineFile = _newlines + 1;
        return _dmesgJson is { } json ? json.TakeLast(text) : text;
    }

    private void Frame(ReadOnlySpan<byte> bytes)
    {
        // Room for the unfinished line plus the slice: a slice's byte adds at most one byte (itself, or the '\n' of the
        // line it ends), and a cut adds a '\n' of its own (at most one for the unfinished line, then one per 16 bytes).
        // A z/VM line held from the last slice (_finished bytes) comes first.
        int room = _finished + _maxLine + bytes.Length + (bytes.Length / 16) + 2;
        if (_bytes.Length < room)
        {
            byte[] larger = new byte[Math.Max(room, Math.Min(_bytes.Length * 2, _maxLine + SliceLength + (SliceLength / 16) + 2))];
            _bytes.AsSpan(0, _finished + _length).CopyTo(larger);
            _bytes = larger;
        }
        while (!bytes.IsEmpty)
        {
            if (_escape == EscapeState.None)
            {
                int special = bytes.IndexOfAny(Special);
                int run = special < 0 ? bytes.Length : special;
                if (run > 0)
                {
                    Append(bytes[..run]);
                    // The form without addresses is decided on the whole next line, at its end (a piece may begin
                    // with blanks, a blank record may not go on).
                    if (_wrapPending && _wrapPrefix > 0 && _length >= ZvmWrap.DecisionLength)
                    {
                        DecideWrap();
                    }
                    _lastTerminator = Terminator.None;
                    bytes = bytes[run..];
                    continue;
                }
            }
            Step(bytes[0]);
            bytes = bytes[1..];
        }
    }

    private void Step(byte b)
    {
        if (b == 0x0A)
        {
            // Counted whatever the line ending does with it (an escape sequence cut off by it ends there too).
            _newlines++;
        }
        switch (_escape)
        {
            case EscapeState.LevelHeader:
                _escape = EscapeState.None;
                if (b is (>= (byte)'0' and <= (byte)'7') or (byte)'d')
                {
                    // A message's own level inside a line: a message begins here.
                    if (_length > 0)
                    {
                        EndLine();
                    }
                    _lastTerminator = Terminator.None;
                    return;
                }
                if (b == (byte)'c')
                {
                    // KERN_CONT: the message goes on the line it continues.
                    _lastTerminator = Terminator.None;
                    return;
                }
                if (b is >= 0x20 and not 0x7F)
                {
                    // No level after it: a stray 0x01 (serial noise), dropped as before; the byte is text.
                    Append([b]);
                    _lastTerminator = Terminator.None;
                    return;
                }
                break;
            case EscapeState.Escape:
                // ESC [ = CSI, ESC ] = OSC, ESC P/X/^/_ = strings ended by ST; ESC + intermediates + final otherwise.
                _escape = b switch
                {
                    (byte)'[' => EscapeState.Csi,
                    (byte)']' or (byte)'P' or (byte)'X' or (byte)'^' or (byte)'_' => EscapeState.OscString,
                    >= 0x20 and <= 0x2F => EscapeState.Intermediate,
                    0x1B => EscapeState.Escape,
                    _ => EscapeState.None,
                };
                return;
            case EscapeState.Intermediate:
                if (b is < 0x20 or > 0x2F)
                {
                    _escape = EscapeState.None;
                }
                return;
            case EscapeState.Csi:
                if (b is >= 0x40 and <= 0x7E)
                {
                    _escape = EscapeState.None;
                }
                else if (b is 0x0A or 0x0D)
                {
                    // A cut-off sequence must not swallow the line end.
                    _escape = EscapeState.None;
                    break;
                }
                else if (b is < 0x20 or > 0x3F)
                {
                    _escape = EscapeState.None;
                }
                return;
            case EscapeState.OscString:
                if (b == 0x07)
                {
                    _escape = EscapeState.None;
                }
                else if (b == 0x1B)
                {
                    _escape = EscapeState.StringTerminator;
                }
                else if (b is 0x0A or 0x0D)
                {
                    _escape = EscapeState.None;
                    break;
                }
                return;
            case EscapeState.StringTerminator:
                _escape = b == (byte)'\\' ? EscapeState.None : EscapeState.OscString;
                return;
        }

        switch (b)
        {
            case 0x1B:
                _escape = EscapeState.Escape;
                _lastTerminator = Terminator.None;
                return;
            case 0x0D:
                if (_lastTerminator is Terminator.Cr or Terminator.Lf)
                {
                    // "\r\r\n" from a double ONLCR, or "\n\r" from consoles that send LFCR: one line end.
                    _lastTerminator = _lastTerminator == Terminator.Lf ? Terminator.LfCr : Terminator.Cr;
                    return;
                }
                EndLine();
                _lastTerminator = Terminator.Cr;
                return;
            case 0x0A:
                if (_lastTerminator == Terminator.Cr)
                {
                    // The CR ended the line; the next one begins on the file's next line.
                    _lastTerminator = Terminator.CrLf;
                    _lineFile = _newlines + 1;
                    return;
                }
                EndLine();
                _lastTerminator = Terminator.Lf;
                return;
            case 0x09:
                Append([b]);
                _lastTerminator = Terminator.None;
                return;
            case 0x01:
                // KERN_SOH, which begins a printk level header ("\x01" then '0'-'7', 'd' or 'c': include/linux/
                // kern_levels.h). printk strips it from the start of a message, but 4.7-4.10's NMI buffer flush
                // (kernel/printk/nmi.c print_nmi_seq_line) printed its buffer a '\n'-ended line at a time, so a message
                // that did not end its line carried the next one's header into the middle of it: a hard lockup's
                // "…LOCKUP on cpu 3\x01dModules linked in:\x01c binfmt_misc…". The header is dropped, and a level other
                // than KERN_CONT ends the line before it (see EscapeState.LevelHeader).
                _escape = EscapeState.LevelHeader;
                return;
            default:
                // NUL, BEL, BS, other C0 controls and DEL: serial noise, dropped.
                return;
        }
    }

    private void Append(ReadOnlySpan<byte> run)
    {
        while (!run.IsEmpty)
        {
            int room = _maxLine - _length;
            if (run.Length <= room)
            {
                run.CopyTo(_bytes.AsSpan(_finished + _length));
                _length += run.Length;
                return;
            }
            int take = room;
            // Cut on a UTF-8 character boundary when the line has one near the end.
            while (take > 0 && take > room - 4 && (run[take] & 0xC0) == 0x80)
            {
                take--;
            }
            run[..take].CopyTo(_bytes.AsSpan(_finished + _length));
            _length += take;
            EndLine();
            run = run[take..];
        }
    }

    private void EndLine()
    {
        if (_wrapPending)
        {
            DecideWrap();
        }
        ReadOnlySpan<byte> line = _bytes.AsSpan(_finished, _length);
        // The form without addresses: its pieces lost nothing when joined, so the last one starts at _segment.
        int lastPiece = _segment;
        bool wrapped = ZvmWrap.IsCut(line, _segment);
        _wrapPrefix = ZvmWrap.PrefixLength;
        if (!wrapped && _length > 0)
        {
            if (ZvmWrap.IsPaddedRecord(line, lastPiece))
            {
                _recordsPadded |= ++_paddedRecords >= ZvmWrap.PaddedRecordsToTrust;
            }
            else if (line.Length - lastPiece != ZvmWrap.Width)
            {
                _paddedRecords = 0;
            }
            if (_recordsPadded && ZvmWrap.IsCutWithoutAddress(line, lastPiece))
            {
                wrapped = true;
                _wrapPrefix = 0;
            }
        }
        _segment = 0;
        if (_lineCount == _lineEnds.Length)
        {
            Array.Resize(ref _lineEnds, _lineCount * 2);
            Array.Resize(ref _lineFiles, _lineCount * 2);
        }
        _lineFiles[_lineCount] = _lineFile;
        _lineFile = _newlines + 1;
        _lineEnds[_lineCount++] = _finished + _length;
        _bytes[_finished + _length] = (byte)'\n';
        _finished += _length + 1;
        _length = 0;
        _wrapPending = wrapped;
    }

    // The line after a held z/VM line has shown enough of itself: when it is the held line's next piece, the held line
    // becomes the unfinished one again, followed by the piece without its "NN: ".
    private void DecideWrap()
    {
        _wrapPending = false;
        int heldEnd = _lineEnds[_lineCount - 1];
        int heldStart = _lineCount > 1 ? _lineEnds[_lineCount - 2] + 1 : 0;
        ReadOnlySpan<byte> next = _bytes.AsSpan(_finished, _length);
        bool continues = _wrapPrefix == 0
            ? ZvmWrap.ContinuesWithoutAddress(next)
            : ZvmWrap.Continues(_bytes.AsSpan(heldStart, heldEnd - heldStart), next);
        if (!continues || heldEnd - heldStart + _length - _wrapPrefix > _maxLine)
        {
            return;
        }
        int piece = _length - _wrapPrefix;
        _bytes.AsSpan(_finished + _wrapPrefix, piece).CopyTo(_bytes.AsSpan(heldEnd));
        _lineCount--;
        _lineFile = _lineFiles[_lineCount];
        _segment = heldEnd - heldStart;
        _finished = heldStart;
        _length = _segment + piece;
    }

    private enum Terminator
    {
        None,
        Cr,
        Lf,
        CrLf,
        LfCr,
    }

    private enum EscapeState
    {
        None,
        // After KERN_SOH (0x01): the next byte may be a printk level.
        LevelHeader,
        Escape,
        Intermediate,
        Csi,
        OscString,
        StringTerminator,
    }
}
