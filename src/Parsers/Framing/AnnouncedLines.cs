namespace SolWatch.Parsers.Framing;

/// <summary>
/// What a batch search found about each line of a batch about to be pushed line by line: a reader flags the lines of
/// the batch it announces (<see cref="Announce"/>), then asks for each line pushed whether it was flagged
/// (<see cref="TryTake"/>). Not thread-safe.
/// </summary>
/// <remarks>
/// Why the lines are kept and compared by reference: a flag is only ever given for the very string it was found in. A
/// caller may push a line that is not the next one announced (it pushed the batch only in part, or a line of its own);
/// then the batch is forgotten and the reader searches each line alone, with the same answers.
/// </remarks>
internal sealed class AnnouncedLines
{
    private string[] _lines = new string[64];
    private bool[] _flags = new bool[64];
    private int _count;
    private int _next;

    /// <summary>Takes note of the lines of <paramref name="batch"/> and returns where to flag them (all false).</summary>
    public Span<bool> Announce(FramedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int count = batch.Count;
        if (_lines.Length < count)
        {
            _lines = new string[Math.Max(count, _lines.Length * 2)];
            _flags = new bool[_lines.Length];
        }
        for (int i = 0; i < count; i++)
        {
            _lines[i] = batch[i];
        }
        Array.Clear(_flags, 0, count);
        _count = count;
        _next = 0;
        return _flags.AsSpan(0, count);
    }

    /// <summary>
    /// Whether <paramref name="line"/> is the next line announced; if so, <paramref name="flagged"/> tells whether it was
    /// flagged. If not, the batch is forgotten: every later line is searched alone until the next announcement.
    /// </summary>
    public bool TryTake(string line, out bool flagged)
    {
        if (_next < _count && ReferenceEquals(_lines[_next], line))
        {
            flagged = _flags[_next++];
            return true;
        }
        _count = 0;
        flagged = false;
        return false;
    }
}
