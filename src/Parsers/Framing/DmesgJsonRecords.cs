using System.Globalization;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Framing;

/// <summary>
/// util-linux <c>dmesg --json</c> (sys-utils/dmesg.c with lib/jsonwrt.c, 2.37+): the ring buffer as one pretty-printed
/// JSON document, each record an object over several lines, its time and its text on lines of their own:
/// <code>
/// {
///    "dmesg": [
///       {
///          "pri": 6,                  ("fac": "kern", "pri": "info" with -x)
///          "time":    12.345678,
///          "caller": "T123",          (2.40+, when the kernel printed caller ids)
///          "msg": "BUG: kernel NULL pointer dereference, address: 0000000000000008"
///       },{
/// </code>
/// A line-at-a-time reader sees a message without its time and reports it without its caller id, so the framer gives
/// each record as the console line the kernel printed, <c>[%5lu.%06lu] [%6s] text</c>, one line for each line of a
/// record holding several (the kernel's console prefixes each so), at the file line of its <c>"msg"</c>; the document's
/// other lines are dropped. A stream is read so only when its first two lines are the document's head (<c>{</c> and
/// <c>"dmesg": [</c>): anything else is framed as it was, and costs one look at those two lines.
/// </summary>
internal sealed class DmesgJsonRecords
{
    private enum State
    {
        // Nothing framed yet.
        First,
        // The first line was "{": it is held until the second shows whether this is dmesg's document.
        HeldOpening,
        Reading,
        NotJson,
    }

    // The document's first two lines (blanks around them aside), as util-linux prints them.
    private const string Opening = "{";
    private const string Head = "\"dmesg\": [";

    private State _state = State.First;
    private long _heldLine;
    private string? _time;
    private string? _caller;

    /// <summary>Whether the stream was found not to be dmesg's document: the framer stops asking.</summary>
    public bool NotJson => _state == State.NotJson;

    /// <summary>
    /// Whether the lines of a read (<paramref name="utf8"/>, each ending at one of <paramref name="lineEnds"/>) must go
    /// through <see cref="Take(FramedBatch, FramedBatch)"/>: false, and the stream is known not to be the document, when its first line is not
    /// <c>{</c> or its second not <c>"dmesg": [</c>. Asked of the bytes, so a stream that is not the document has none
    /// of its lines made strings for it.
    /// </summary>
    public bool Wants(ReadOnlySpan<byte> utf8, ReadOnlySpan<int> lineEnds)
    {
        if (_state != State.First || lineEnds.IsEmpty)
        {
            return _state != State.NotJson;
        }
        bool opening = IsLine(utf8[..lineEnds[0]], Opening);
        if (opening && lineEnds.Length > 1)
        {
            opening = IsLine(utf8[(lineEnds[0] + 1)..lineEnds[1]], Head);
        }
        if (!opening)
        {
            _state = State.NotJson;
        }
        return opening;
    }

    // Whether a line's bytes, blanks around them aside, are the text.
    private static bool IsLine(ReadOnlySpan<byte> utf8, string text) => System.Text.Ascii.Equals(utf8.Trim(" \t"u8), text);

    /// <summary>Takes the framed lines of <paramref name="framed"/> and adds what they stand for to <paramref name="into"/>.</summary>
    public void Take(FramedBatch framed, FramedBatch into)
    {
        for (int i = 0; i < framed.Count; i++)
        {
            Take(framed, i, into);
        }
    }

    /// <summary>The line held back at the end of the input (a lone <c>{</c>), or null; forgotten once given.</summary>
    public string? TakeHeld(out long fileLine)
    {
        fileLine = _heldLine;
        if (_state != State.HeldOpening)
        {
            return null;
        }
        _state = State.NotJson;
        return "{";
    }

    /// <summary>The console line an unfinished last line stands for (null for the document's own lines).</summary>
    public string? TakeLast(string line)
    {
        if (_state != State.Reading)
        {
            return line; // a lone first line (a held "{" was given before it), or not dmesg's document
        }
        var last = new FramedBatch();
        last.Add(line, 0);
        var into = new FramedBatch();
        Take(last, 0, into);
        return into.Count == 0 ? null : into[0];
    }

    private void Take(FramedBatch framed, int index, FramedBatch into)
    {
        ReadOnlySpan<char> line = framed.TextOf(index);
        long fileLine = framed.FileLineOf(index);
        switch (_state)
        {
            case State.First:
                if (line.Trim().SequenceEqual(Opening))
                {
                    _state = State.HeldOpening;
                    _heldLine = fileLine;
                    return;
                }
                _state = State.NotJson;
                break;
            case State.HeldOpening:
                if (line.Trim().SequenceEqual(Head))
                {
                    _state = State.Reading;
                    return;
                }
                _state = State.NotJson;
                into.Add("{", _heldLine);
                break;
            case State.Reading:
                if (Read(line.Trim(), fileLine, into))
                {
                    return;
                }
                break;
        }
        into.Add(framed[index], fileLine);
    }

    // Reads a line of the document; false when it is none of its lines (kept as it is then).
    private bool Read(ReadOnlySpan<char> field, long fileLine, FramedBatch into)
    {
        if (TryValue(field, "\"time\":", out ReadOnlySpan<char> time))
        {
            // A number of seconds ("%5lu.%06lu", as printed in brackets); --time-format iso and ctime give no number.
            _time = time.Length > 0 && double.TryParse(time, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) ? time.ToString() : null;
        }
        else if (TryValue(field, "\"caller\":", out ReadOnlySpan<char> caller))
        {
            _caller = caller.Length > 2 && caller[0] == '"' && caller[^1] == '"' ? JsonString.Unescape(caller[1..^1]) : null;
        }
        else if (TryValue(field, "\"msg\":", out ReadOnlySpan<char> msg) && msg.Length >= 2 && msg[0] == '"' && msg[^1] == '"')
        {
            string prefix = (_time is null ? "" : $"[{_time,12}] ") + (_caller is null ? "" : $"[{_caller,6}] ");
            foreach (string part in JsonString.Unescape(msg[1..^1]).Split('\n'))
            {
                into.Add(prefix + part, fileLine);
            }
            _time = null;
            _caller = null;
        }
        else if (!(field is "{" or "},{" or "}" or "]" or "]," || field.StartsWith("\"pri\":", StringComparison.Ordinal)
                   || field.StartsWith("\"fac\":", StringComparison.Ordinal)))
        {
            // Not the document's: a line something else added (a shell prompt, a note, a console's own line).
            return false;
        }
        return true;
    }

    // The value of a record's field line ("key": value,) without its comma, when the line is that key's.
    private static bool TryValue(ReadOnlySpan<char> field, string key, out ReadOnlySpan<char> value)
    {
        if (!field.StartsWith(key, StringComparison.Ordinal))
        {
            value = default;
            return false;
        }
        value = field[key.Length..].Trim();
        if (value.Length > 0 && value[^1] == ',')
        {
            value = value[..^1].TrimEnd();
        }
        return true;
    }
}
