using System.Buffers;
using System.Text;

namespace SolWatch.Parsers.Framing;

/// <summary>
/// Turns a console's raw bytes into clean text lines, incrementally: CR, LF, CRLF and LFCR end a line; ANSI/VT100
/// escape sequences (BIOS console redirection repaints the screen with them) are removed; NUL and other control bytes
/// are dropped; invalid UTF-8 becomes U+FFFD; a line longer than <see cref="LineFramerOptions.MaxLineLength"/> is cut.
/// One framer per console; not thread-safe.
/// </summary>
public sealed class LineFramer
{
    // Bytes that need the slow path; everything else is copied in runs found with one vectorized search.
    private static readonly SearchValues<byte> Special = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F]);

    private readonly int _maxLine;
    private readonly byte[] _line;
    private int _length;
    private Terminator _lastTerminator = Terminator.None;
    private EscapeState _escape = EscapeState.None;

    /// <summary>Creates a framer.</summary>
    public LineFramer(LineFramerOptions? options = null)
    {
        _maxLine = Math.Max(16, (options ?? LineFramerOptions.Default).MaxLineLength);
        _line = new byte[_maxLine];
    }

    /// <summary>Consumes <paramref name="bytes"/> and adds every line they complete to <paramref name="lines"/>.</summary>
    public void Push(ReadOnlySpan<byte> bytes, ICollection<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        while (!bytes.IsEmpty)
        {
            if (_escape == EscapeState.None)
            {
                int special = bytes.IndexOfAny(Special);
                int run = special < 0 ? bytes.Length : special;
                if (run > 0)
                {
                    Append(bytes[..run], lines);
                    _lastTerminator = Terminator.None;
                    bytes = bytes[run..];
                    continue;
                }
            }
            Step(bytes[0], lines);
            bytes = bytes[1..];
        }
    }

    /// <summary>Returns the unfinished line, if any, and forgets it (end of input, or a console gone quiet).</summary>
    public string? Flush()
    {
        _escape = EscapeState.None;
        if (_length == 0)
        {
            return null;
        }
        string text = Decode();
        _length = 0;
        return text;
    }

    private void Step(byte b, ICollection<string> lines)
    {
        switch (_escape)
        {
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
                EndLine(lines);
                _lastTerminator = Terminator.Cr;
                return;
            case 0x0A:
                if (_lastTerminator == Terminator.Cr)
                {
                    _lastTerminator = Terminator.CrLf;
                    return;
                }
                EndLine(lines);
                _lastTerminator = Terminator.Lf;
                return;
            case 0x09:
                Append([b], lines);
                _lastTerminator = Terminator.None;
                return;
            default:
                // NUL, BEL, BS, other C0 controls and DEL: serial noise, dropped.
                return;
        }
    }

    private void Append(ReadOnlySpan<byte> run, ICollection<string> lines)
    {
        while (!run.IsEmpty)
        {
            int room = _maxLine - _length;
            if (run.Length <= room)
            {
                run.CopyTo(_line.AsSpan(_length));
                _length += run.Length;
                return;
            }
            int take = room;
            // Cut on a UTF-8 character boundary when the line has one near the end.
            while (take > 0 && take > room - 4 && (run[take] & 0xC0) == 0x80)
            {
                take--;
            }
            run[..take].CopyTo(_line.AsSpan(_length));
            _length += take;
            EndLine(lines);
            run = run[take..];
        }
    }

    private void EndLine(ICollection<string> lines)
    {
        lines.Add(Decode());
        _length = 0;
    }

    private string Decode() => _length == 0 ? string.Empty : Encoding.UTF8.GetString(_line, 0, _length);

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
        Escape,
        Intermediate,
        Csi,
        OscString,
        StringTerminator,
    }
}
