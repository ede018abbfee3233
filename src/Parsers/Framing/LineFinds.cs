using System.Buffers;

namespace SolWatch.Parsers.Framing;

/// <summary>
/// The lines of a batch laid end to end (<see cref="FramedBatch.JoinedText"/>, line i from starts[i] to the '\n' before
/// starts[i + 1]) that hold one of a set of words, each such line once and in order: <c>foreach (int line in new
/// LineFinds(text, starts, words))</c>.
/// </summary>
/// <remarks>
/// Why one search over the whole batch rather than one per line: a vectorized multi-string search has a fixed cost per
/// call that short console lines (60 characters on average) cannot amortize. After a find the search goes on from the
/// next line, so a line is given once however many words it holds. Finds come in text order, so the line holding one is
/// found by a binary search of the starts after the last; no word may hold a '\n', so none starts on one line and ends on the next.
/// </remarks>
internal ref struct LineFinds
{
    private readonly ReadOnlySpan<char> _text;
    private readonly ReadOnlySpan<int> _starts;
    private readonly SearchValues<string> _words;
    private readonly int _firstLine;
    private int _position;
    private int _line;

    /// <summary>Walks <paramref name="text"/>, whose lines start at <paramref name="starts"/> (one entry more than it has
    /// lines: the text's length), for <paramref name="words"/>.</summary>
    public LineFinds(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, SearchValues<string> words)
        : this(text, starts, words, firstLine: 0)
    {
    }

    /// <summary>The same, from line <paramref name="firstLine"/> on (the lines before it are not searched).</summary>
    public LineFinds(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, SearchValues<string> words, int firstLine)
    {
        _text = text;
        _starts = starts;
        _words = words;
        _firstLine = firstLine;
        _position = starts[firstLine];
        _line = -1;
    }

    /// <summary>The line the last <see cref="MoveNext"/> found.</summary>
    public readonly int Current => _line;

    /// <summary>For <c>foreach</c>.</summary>
    public readonly LineFinds GetEnumerator() => this;

    /// <summary>Finds the next line holding a word; false when there is none.</summary>
    public bool MoveNext()
    {
        if (_position >= _text.Length)
        {
            return false;
        }
        int found = _text[_position..].IndexOfAny(_words);
        if (found < 0)
        {
            _position = _text.Length;
            return false;
        }
        int at = _position + found;
        // The line holding `at`: the last start at or before it, after the line found last. A binary search, not a walk:
        // finds are rare (a few per batch of a thousand lines), so walking from one to the next would touch every line.
        int from = Math.Max(_line, _firstLine);
        int index = _starts[from..^1].BinarySearch(at);
        int line = from + (index >= 0 ? index : ~index - 1);
        _line = line;
        _position = _starts[line + 1];
        return true;
    }
}
