using System.Text;

namespace SolWatch.Parsers.Framing;

/// <summary>
/// The lines a <see cref="LineFramer"/> finished during one or more reads, each as a string of its own and all of them
/// laid end to end in one buffer, a <c>'\n'</c> after each (<see cref="JoinedText"/>). Fill it with
/// <see cref="LineFramer.Push(ReadOnlySpan{byte}, FramedBatch)"/>, hand it to the detector's pre-scan, push its lines,
/// then <see cref="Clear"/> it for the next read. Not thread-safe.
/// </summary>
/// <remarks>
/// Why both forms: the framer decodes a read's lines in one pass (cheaper than one decoder call per short line) into the
/// joined buffer, and the strings are cut from it; the detector's pre-scan searches the very same buffer instead of
/// laying the lines end to end again.
/// </remarks>
public sealed class FramedBatch
{
    private readonly List<string> _lines = [];
    private char[] _text = new char[1024];
    private int _textLength;
    // Where each line starts in the joined text, plus one entry past the last line's '\n' (entry 0 is always 0).
    private int[] _starts = new int[65];

    /// <summary>The lines, in order, without their terminators.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Lines in the batch.</summary>
    public int Count => _lines.Count;

    /// <summary>Line <paramref name="index"/>.</summary>
    public string this[int index] => _lines[index];

    /// <summary>Every line followed by <c>'\n'</c>, in order.</summary>
    public ReadOnlySpan<char> JoinedText => _text.AsSpan(0, _textLength);

    /// <summary>Where line <paramref name="index"/> starts in <see cref="JoinedText"/>; for <see cref="Count"/>, the
    /// text's length.</summary>
    public int StartOf(int index) => (uint)index <= (uint)_lines.Count ? _starts[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The start offsets of every line, then the text's length (<see cref="Count"/> + 1 entries).</summary>
    internal ReadOnlySpan<int> Starts => _starts.AsSpan(0, _lines.Count + 1);

    /// <summary>Forgets every line (the buffers are kept for the next read).</summary>
    public void Clear()
    {
        _lines.Clear();
        _textLength = 0;
    }

    /// <summary>Adds one line.</summary>
    public void Add(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        EnsureText(line.Length + 1);
        line.CopyTo(_text.AsSpan(_textLength));
        _text[_textLength + line.Length] = '\n';
        AddLine(line, _textLength + line.Length + 1);
    }

    /// <summary>Adds the lines of <paramref name="utf8"/>: UTF-8 where every line, the last too, ends with <c>'\n'</c>, at
    /// the offsets <paramref name="lineEnds"/> gives.</summary>
    /// <remarks>One decoder call for all of them gives each line exactly what decoding it alone would (U+FFFD for each
    /// invalid sequence): <c>'\n'</c> is ASCII, so no sequence, valid or not, runs across a line end. No byte decodes to
    /// more than one char, so when the text has as many chars as bytes, each byte became one char (the common all-ASCII
    /// read) and the line ends are where the bytes said; otherwise they are searched for.</remarks>
    internal void AddUtf8Lines(ReadOnlySpan<byte> utf8, ReadOnlySpan<int> lineEnds)
    {
        // UTF-8 never decodes to more UTF-16 chars than it has bytes.
        EnsureText(utf8.Length);
        int first = _textLength;
        int decoded = Encoding.UTF8.GetChars(utf8, _text.AsSpan(first));
        bool oneCharPerByte = decoded == utf8.Length;
        // Each byte line feed became one char line feed: as many lines in the text as ends given.
        foreach (int end in lineEnds)
        {
            int at = _textLength;
            int length = oneCharPerByte ? first + end - at : _text.AsSpan(at, first + decoded - at).IndexOf('\n');
            AddLine(length == 0 ? string.Empty : new string(_text, at, length), at + length + 1);
        }
    }

    // Records a line whose text (and '\n') ends at `next`, where the next line will start.
    private void AddLine(string line, int next)
    {
        _lines.Add(line);
        if (_starts.Length < _lines.Count + 1)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
        }
        _starts[_lines.Count] = next;
        _textLength = next;
    }

    private void EnsureText(int more)
    {
        if (_text.Length - _textLength < more)
        {
            Array.Resize(ref _text, Math.Max(_textLength + more, _text.Length * 2));
        }
    }
}
