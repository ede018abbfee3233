using System.Buffers;
using System.Text;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// What of a console's raw bytes may reach the browser's terminal (xterm.js). The console is hostile: a sequence that
/// makes the terminal answer (DSR <c>ESC[6n</c>, DA <c>ESC[c</c> / <c>ESC[&gt;c</c>, DECRQM, DECRQSS, XTGETTCAP, window
/// reports, colour queries), report the mouse or focus, or write the clipboard (OSC 52) would, on the page of the
/// write lock's holder, come out of xterm.js's onData as if the operator had typed it, and go to the console. So this
/// is an allowlist, run by the daemon on every viewer's bytes before they leave it: printable text (as valid UTF-8:
/// what is not becomes U+FFFD), the harmless C0 controls, and the complete escape sequences a screen needs (cursor
/// movement, erasing, scrolling regions, colours, the modes of curses programs, character sets). Every other sequence
/// is dropped whole, every string (OSC, DCS, SOS, PM, APC) with its content, as are C1 controls (also when they come
/// as UTF-8, where xterm.js would obey them). Sequences are parsed across chunk boundaries (the state is kept between
/// <see cref="Write"/> calls), only ever written whole, and capped in length, so the terminal is never left inside
/// one: what follows (a skip marker, a SolWatch note) always starts on plain ground.
/// </summary>
public sealed class RawTerminalFilter
{
    // Longer CSI sequences are dropped (xterm.js itself keeps at most 32 parameters).
    private const int MaxSequence = 128;

    // Private modes (CSI ? Pm h/l) a viewer's screen may follow: cursor keys, column mode, reverse video, origin,
    // wraparound, cursor blink and visibility, reverse wrap, keypad, backarrow, the alternate screen, bracketed paste,
    // synchronized output. Not the mouse (9, 1000-1003, 1005, 1006, 1015, 1016) nor focus (1004) reports: xterm.js
    // would make them from the page's mouse and focus and send them as input.
    private static readonly HashSet<int> PrivateModes = [1, 3, 5, 6, 7, 12, 25, 45, 47, 66, 67, 1047, 1048, 1049, 2004, 2026];

    // ANSI modes (CSI Pm h/l): insert and newline modes.
    private static readonly HashSet<int> AnsiModes = [4, 20];

    // CSI finals with neither a private marker nor intermediates: cursor movement, tabs, erasing, inserting and
    // deleting, scrolling, repeat, margins, save/restore cursor, SGR. Not c (DA), n (DSR), t (window operations and
    // reports), x (DECREQTPARM), i (media copy), q (LEDs); h/l and J are looked at apart.
    private const string PlainFinals = "@ABCDEFGHIKLMPSTXZ`abdefgmrsu";

    // ESC finals (no intermediate): save/restore cursor, index, next line, reverse index, tab set, keypad modes.
    // Not Z (DECID, answered like DA), nor c (RIS, see Escape).
    private const string EscapeFinals = "78DEMH=>";

    private enum State
    {
        Ground,
        Escape,
        Csi,
        CsiTooLong,
        String,
        StringEscape,
    }

    private State _state;
    private readonly byte[] _sequence = new byte[MaxSequence];
    private int _length;
    private IBufferWriter<byte> _output = null!;

    // UTF-8 decoding: continuation bytes still due, the code point so far, the range of the next byte.
    private int _due;
    private int _code;
    private int _low = 0x80;
    private int _high = 0xBF;

    /// <summary>The line a viewer sees where its bytes were lost: it started late or fell behind.</summary>
    public static byte[] SkipMarker(long skipped) =>
        Encoding.UTF8.GetBytes($"\r\n\u001b[0;7m[… {skipped} bytes skipped …]\u001b[0m\r\n");

    /// <summary>Writes what of <paramref name="input"/> may reach a terminal to <paramref name="output"/>.</summary>
    public void Write(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        _output = output;
        foreach (byte b in input)
        {
            Decode(b);
        }
    }

    /// <summary>Forgets any unfinished sequence or character (after bytes were lost: what follows starts anew).</summary>
    public void Reset()
    {
        _state = State.Ground;
        _length = 0;
        _due = 0;
        _low = 0x80;
        _high = 0xBF;
    }

    /// <summary>What of <paramref name="text"/> may reach a terminal, on its own (nothing carried to or from other text).</summary>
    public static string Text(string text)
    {
        var filter = new RawTerminalFilter();
        var output = new ArrayBufferWriter<byte>(text.Length + 16);
        filter.Write(Encoding.UTF8.GetBytes(text), output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private void Decode(byte b)
    {
        if (_due == 0)
        {
            switch (b)
            {
                case < 0x80:
                    Take(b);
                    return;
                case >= 0xC2 and <= 0xDF:
                    Start(1, b & 0x1F, 0x80, 0xBF);
                    return;
                case >= 0xE0 and <= 0xEF:
                    Start(2, b & 0x0F, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
                    return;
                case >= 0xF0 and <= 0xF4:
                    Start(3, b & 0x07, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
                    return;
                default:
                    Take(0xFFFD);
                    return;
            }
        }
        if (b < _low || b > _high)
        {
            // The character ends unfinished: one replacement for it, and this byte starts over.
            _due = 0;
            Take(0xFFFD);
            Decode(b);
            return;
        }
        _code = (_code << 6) | (b & 0x3F);
        _low = 0x80;
        _high = 0xBF;
        if (--_due == 0)
        {
            Take(_code);
        }
    }

    private void Start(int due, int code, int low, int high)
    {
        _due = due;
        _code = code;
        _low = low;
        _high = high;
    }

    // One code point through the terminal's parser states (after ECMA-48 and the DEC parser xterm.js follows).
    private void Take(int c)
    {
        if (c is 0x18 or 0x1A)
        {
            // CAN, SUB: any sequence or string ends, unfinished (dropped).
            _state = State.Ground;
            return;
        }
        switch (_state)
        {
            case State.String:
                if (c == 0x1B)
                {
                    _state = State.StringEscape;
                }
                else if (c is 0x07 or 0x9C)
                {
                    _state = State.Ground; // BEL or ST ends it; its content is gone
                }
                return;
            case State.StringEscape:
                _state = State.Ground;
                if (c != '\\')
                {
                    // An ESC ends the string and starts a sequence (as in xterm.js).
                    Begin();
                    Take(c);
                }
                return;
        }
        if (c == 0x1B)
        {
            Begin();
            return;
        }
        if (c is >= 0x80 and <= 0x9F)
        {
            // C1 control: its 7-bit form (ESC, then c - 0x40), so CSI, OSC, DCS... are seen for what they are.
            Begin();
            Take(c - 0x40);
            return;
        }
        if (c < 0x20)
        {
            Control(c); // executed where it stands, also inside a sequence
            return;
        }
        switch (_state)
        {
            case State.Ground:
                if (c != 0x7F)
                {
                    Emit(c);
                }
                return;
            case State.Escape:
                InEscape(c);
                return;
            case State.Csi:
                InCsi(c);
                return;
            case State.CsiTooLong:
                if (c is >= 0x40 and <= 0x7E)
                {
                    _state = State.Ground;
                }
                return;
        }
    }

    private void Begin()
    {
        _state = State.Escape;
        _length = 0;
        Add(0x1B);
    }

    private void InEscape(int c)
    {
        if (_length == 1 && c is '[')
        {
            Add(c);
            _state = State.Csi;
            return;
        }
        if (_length == 1 && c is ']' or 'P' or 'X' or '^' or '_')
        {
            // OSC (title, clipboard, hyperlinks, colour queries), DCS (DECRQSS, XTGETTCAP, sixel), SOS, PM, APC: none
            // is needed to show a console, and several make the terminal answer or act outside the screen.
            _state = State.String;
            return;
        }
        if (c is >= 0x20 and <= 0x2F && _length < 3)
        {
            Add(c); // an intermediate (e.g. the G0 designator of ESC ( 0)
            return;
        }
        _state = State.Ground;
        if (c is < 0x30 or > 0x7E)
        {
            if (c != 0x7F && c > 0x2F)
            {
                Emit(c); // not a sequence after all: the character stands for itself
            }
            return;
        }
        if (_length == 1 && EscapeFinals.Contains((char)c, StringComparison.Ordinal))
        {
            Add(c);
            Flush();
        }
        else if (_length == 1 && c == 'c')
        {
            // RIS (full reset) would also clear xterm.js's scrollback, where the transcript above the live bytes is
            // (and a hostile console could wipe it at will): a soft reset (DECSTR) puts the modes back without it.
            Raw("\u001b[!p"u8);
        }
        else if (_length == 2 && _sequence[1] is (byte)'(' or (byte)')' or (byte)'*' or (byte)'+')
        {
            Add(c);
            Flush(); // character sets: DEC line drawing is how BIOS and curses screens draw boxes
        }
    }

    private void InCsi(int c)
    {
        if (c is >= 0x20 and <= 0x3F)
        {
            if (_length == MaxSequence - 1)
            {
                _state = State.CsiTooLong;
                return;
            }
            Add(c);
            return;
        }
        _state = State.Ground;
        if (c is < 0x40 or > 0x7E)
        {
            if (c != 0x7F)
            {
                Emit(c);
            }
            return;
        }
        ReadOnlySpan<byte> body = _sequence.AsSpan(2, _length - 2);
        byte marker = body.Length > 0 && body[0] is (byte)'<' or (byte)'=' or (byte)'>' or (byte)'?' ? body[0] : (byte)0;
        ReadOnlySpan<byte> rest = marker == 0 ? body : body[1..];
        int intermediates = rest.IndexOfAnyInRange((byte)0x20, (byte)0x2F);
        ReadOnlySpan<byte> parameters = intermediates < 0 ? rest : rest[..intermediates];
        ReadOnlySpan<byte> between = intermediates < 0 ? [] : rest[intermediates..];
        if (parameters.IndexOfAny("<=>?"u8) >= 0 || between.IndexOfAnyExceptInRange((byte)0x20, (byte)0x2F) >= 0)
        {
            return; // malformed
        }
        if (between.Length > 0)
        {
            // Soft reset (CSI ! p) and cursor style (CSI SP q) only: not DECRQM (CSI $ p), which answers.
            if (marker == 0 && between.Length == 1 && ((between[0] == '!' && c == 'p') || (between[0] == ' ' && c == 'q')))
            {
                Add(c);
                Flush();
            }
            return;
        }
        if (c is 'h' or 'l' && marker is 0 or (byte)'?')
        {
            Modes(marker, parameters, (byte)c);
            return;
        }
        if (marker != 0 || !PlainFinals.Contains((char)c, StringComparison.Ordinal) && c != 'J')
        {
            return;
        }
        if (c == 'J' && FirstParameter(parameters) == 3)
        {
            return; // ED 3 erases the scrollback (the transcript above the live bytes); ED 0-2 only the screen
        }
        Add(c);
        Flush();
    }

    // The first parameter's value as the terminal reads it (only its first is used by ED), or -1 when absent.
    private static int FirstParameter(ReadOnlySpan<byte> parameters)
    {
        int end = parameters.IndexOfAny(";:"u8);
        ReadOnlySpan<byte> first = (end < 0 ? parameters : parameters[..end]).TrimStart((byte)'0');
        return first.Length == 0 ? (end == 0 || parameters.Length == 0 ? -1 : 0) : first.Length > 5 ? int.MaxValue
            : int.Parse(Encoding.ASCII.GetString(first), System.Globalization.CultureInfo.InvariantCulture);
    }

    // CSI [?] Pm h/l with only the modes a viewer's screen may follow (none left: nothing).
    private void Modes(byte marker, ReadOnlySpan<byte> parameters, byte final)
    {
        HashSet<int> allowed = marker == 0 ? AnsiModes : PrivateModes;
        var kept = new StringBuilder();
        foreach (Range range in parameters.Split((byte)';'))
        {
            ReadOnlySpan<byte> p = parameters[range];
            if (p.Length is > 0 and <= 5 && p.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
                && allowed.Contains(int.Parse(Encoding.ASCII.GetString(p), System.Globalization.CultureInfo.InvariantCulture)))
            {
                kept.Append(kept.Length > 0 ? ";" : "").Append(Encoding.ASCII.GetString(p));
            }
        }
        if (kept.Length > 0)
        {
            Raw(Encoding.ASCII.GetBytes($"\u001b[{(marker == 0 ? "" : "?")}{kept}{(char)final}"));
        }
    }

    private void Control(int c)
    {
        // BEL, BS, HT, LF, VT, FF, CR, SO, SI; not NUL, ENQ (answerback) and the rest.
        if (c is >= 0x07 and <= 0x0F)
        {
            Span<byte> one = [(byte)c];
            Raw(one);
        }
    }

    private void Add(int c) => _sequence[_length++] = (byte)c;

    private void Flush()
    {
        Raw(_sequence.AsSpan(0, _length));
        _length = 0;
    }

    private void Emit(int c)
    {
        Span<byte> utf8 = stackalloc byte[4];
        int n = new Rune(c).EncodeToUtf8(utf8);
        Raw(utf8[..n]);
    }

    private void Raw(ReadOnlySpan<byte> bytes) => _output.Write(bytes);
}
