using System.Collections;
using System.Text;
using SolWatch.Parsers.Search;

namespace SolWatch.Parsers.Framing;

/// <summary>
/// The lines a <see cref="LineFramer"/> finished during one or more reads, laid end to end in one buffer, a <c>'\n'</c>
/// after each (<see cref="JoinedText"/>); a line becomes a string of its own only when asked for (<c>batch[i]</c>,
/// <see cref="Lines"/>), and is the same string every time it is asked for again. Fill it with
/// <see cref="LineFramer.Push(ReadOnlySpan{byte}, FramedBatch)"/>, hand it to the detector's pre-scan, push its lines,
/// then <see cref="Clear"/> it for the next read. Not thread-safe.
/// </summary>
/// <remarks>
/// <para>Why one buffer: the framer decodes a read's lines in one pass (cheaper than one decoder call per short line)
/// into it; the detector's pre-scan searches the very same buffer instead of laying the lines end to end again.</para>
/// <para>Why strings only when asked: most lines of a console are read by nobody (no report open, no word the
/// pre-scan looks for; see Reading/ConsoleReader's batch push), and cutting a string for each was most of what a scan
/// allocated (2.3 bytes per input byte of an ordinary log).</para>
/// </remarks>
public sealed class FramedBatch
{
    // The string of each line once asked for (null until then); an empty line is string.Empty from the start.
    private string?[] _lines = new string?[64];
    // Each line's number in the input as a file counts them (0: not known, a line added as a string).
    private long[] _fileLines = new long[64];
    private int _count;
    // The joined text is _text[_base..]: its first char on a 64-byte boundary (AlignedText), where the batch searches
    // read it a cache line at a time. Measured (bench scan's boot-log input, one process, runs of a fresh batch each):
    // with the text placed as the collector fell, a run took 24-35 ms; aligned, the runs stay near the fast end.
    private char[] _text;
    private int _base;
    private int _textLength;
    // Where each line starts in the joined text, plus one entry past the last line's '\n' (entry 0 is always 0).
    private int[] _starts = new int[65];
    private LineList? _view;

    /// <summary>Creates an empty batch.</summary>
    public FramedBatch() => _text = AlignedText(1024, out _base);

    /// <summary>The lines, in order, without their terminators (each made a string when read).</summary>
    public IReadOnlyList<string> Lines => _view ??= new LineList(this);

    /// <summary>Lines in the batch.</summary>
    public int Count => _count;

    /// <summary>Line <paramref name="index"/>: made a string the first time it is asked for, the same string after.</summary>
    public string this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
            return _lines[index] ?? Make(index);
        }
    }

    /// <summary>Every line followed by <c>'\n'</c>, in order.</summary>
    public ReadOnlySpan<char> JoinedText => _text.AsSpan(_base, _textLength);

    /// <summary>The text of line <paramref name="index"/> (without its terminator) where it lies in <see cref="JoinedText"/>:
    /// no string is made.</summary>
    public ReadOnlySpan<char> TextOf(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        int start = _starts[index];
        return _text.AsSpan(_base + start, _starts[index + 1] - start - 1);
    }

    /// <summary>Where line <paramref name="index"/> starts in <see cref="JoinedText"/>; for <see cref="Count"/>, the
    /// text's length.</summary>
    public int StartOf(int index) => (uint)index <= (uint)_count ? _starts[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The start offsets of every line, then the text's length (<see cref="Count"/> + 1 entries).</summary>
    internal ReadOnlySpan<int> Starts => _starts.AsSpan(0, _count + 1);

    /// <summary>Grows at every <see cref="Clear"/>: a reader that noted a batch's lines tells by it that they are others now.</summary>
    internal long Generation { get; private set; }

    /// <summary>Strings cut from the joined text since the batch was made (lines asked for; not those added whole).</summary>
    internal long StringsMade { get; private set; }

    /// <summary>The string of line <paramref name="index"/> if it was made (or added whole, or is empty); null otherwise.
    /// Makes none.</summary>
    internal string? StringIfMade(int index) => (uint)index < (uint)_count ? _lines[index] : null;

    /// <summary>Forgets every line (the buffers are kept for the next read).</summary>
    public void Clear()
    {
        Array.Clear(_lines, 0, _count);
        _count = 0;
        _textLength = 0;
        Generation++;
    }

    /// <summary>Line <paramref name="index"/>'s number in the input as a file counts lines (see LineFramer.FileLines.cs),
    /// or 0 when the line was added as a string without one.</summary>
    public long FileLineOf(int index) => (uint)index < (uint)_count ? _fileLines[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Every line's <see cref="FileLineOf"/>, in order.</summary>
    public ReadOnlySpan<long> FileLines => _fileLines.AsSpan(0, _count);

    /// <summary>Adds one line, found on line <paramref name="fileLine"/> of its input (0: not known).</summary>
    public void Add(string line, long fileLine)
    {
        Add(line);
        _fileLines[_count - 1] = fileLine;
    }

    /// <summary>Adds one line.</summary>
    public void Add(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        EnsureText(line.Length + 1);
        line.CopyTo(_text.AsSpan(_base + _textLength));
        _text[_base + _textLength + line.Length] = '\n';
        AddLine(line, _textLength + line.Length + 1);
    }

    /// <summary>Adds the lines of <paramref name="utf8"/>: UTF-8 where every line, the last too, ends with <c>'\n'</c>, at
    /// the offsets <paramref name="lineEnds"/> gives.</summary>
    /// <remarks>One decoder call for all of them gives each line exactly what decoding it alone would (U+FFFD for each
    /// invalid sequence): <c>'\n'</c> is ASCII, so no sequence, valid or not, runs across a line end. No byte decodes to
    /// more than one char, so when the text has as many chars as bytes, each byte became one char (the common all-ASCII
    /// read) and the line ends are where the bytes said; otherwise they are searched for.</remarks>
    internal void AddUtf8Lines(ReadOnlySpan<byte> utf8, ReadOnlySpan<int> lineEnds, ReadOnlySpan<long> fileLines)
    {
        int firstLine = _count;
        // UTF-8 never decodes to more UTF-16 chars than it has bytes.
        EnsureText(utf8.Length);
        int first = _textLength;
        int decoded = Encoding.UTF8.GetChars(utf8, _text.AsSpan(_base + first));
        bool oneCharPerByte = decoded == utf8.Length;
        // Each byte line feed became one char line feed: as many lines in the text as ends given.
        foreach (int end in lineEnds)
        {
            int at = _textLength;
            int length = oneCharPerByte ? first + end - at : _text.AsSpan(_base + at, first + decoded - at).IndexOf('\n');
            AddLine(length == 0 ? string.Empty : null, at + length + 1);
        }
        fileLines.CopyTo(_fileLines.AsSpan(firstLine));
    }

    // Records a line (its string, or null until asked for) whose text and '\n' end at `next`, where the next line starts.
    private void AddLine(string? line, int next)
    {
        if (_lines.Length == _count)
        {
            Array.Resize(ref _lines, _lines.Length * 2);
            Array.Resize(ref _fileLines, _lines.Length);
        }
        _fileLines[_count] = 0;
        _lines[_count++] = line;
        if (_starts.Length < _count + 1)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
        }
        _starts[_count] = next;
        _textLength = next;
    }

    private string Make(int index)
    {
        StringsMade++;
        return _lines[index] = new string(TextOf(index));
    }

    private void EnsureText(int more)
    {
        int capacity = _text.Length - _base;
        if (capacity - _textLength < more)
        {
            char[] old = _text;
            int oldBase = _base;
            _text = AlignedText(Math.Max(_textLength + more, capacity * 2), out _base);
            old.AsSpan(oldBase, _textLength).CopyTo(_text.AsSpan(_base));
        }
    }

    // At least `length` chars from `start` on, `start` on a 64-byte boundary (CacheLineArray).
    private static char[] AlignedText(int length, out int start) => CacheLineArray.Allocate<char>(length, zeroed: false, out start);

    // The lines as a list, each made a string when read.
    private sealed class LineList(FramedBatch batch) : IReadOnlyList<string>
    {
        public int Count => batch.Count;

        public string this[int index] => batch[index];

        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < batch.Count; i++)
            {
                yield return batch[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
