namespace SolWatch.Parsers.Framing;

/// <summary>
/// What a batch search found about each line of a batch about to be pushed line by line: a reader flags the lines of
/// the batch it announces (<see cref="Announce"/>), then asks for each line pushed whether it was flagged
/// (<see cref="TryTake(string, out bool)"/> for a line's string, <see cref="TryTake(FramedBatch, int, out bool)"/> for a
/// line pushed by its place in the batch). Not thread-safe.
/// </summary>
/// <remarks>
/// Why a line is told by its batch and place, and a string by reference to the batch's own: a flag is only ever given
/// for the very line it was found in. A caller may push a line that is not the next one announced (it pushed the batch
/// only in part, a line of its own, or the batch was cleared and filled again); then the batch is forgotten and the
/// reader searches each line alone, with the same answers. Nothing here makes a line's string.
/// </remarks>
internal sealed class AnnouncedLines
{
    private bool[] _flags = new bool[64];
    private FramedBatch? _batch;
    private long _generation;
    private int _count;
    private int _next;

    /// <summary>Takes note of the lines of <paramref name="batch"/> and returns where to flag them (all false).</summary>
    public Span<bool> Announce(FramedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int count = batch.Count;
        if (_flags.Length < count)
        {
            _flags = new bool[Math.Max(count, _flags.Length * 2)];
        }
        Array.Clear(_flags, 0, count);
        _batch = batch;
        _generation = batch.Generation;
        _count = count;
        _next = 0;
        return _flags.AsSpan(0, count);
    }

    /// <summary>
    /// Whether <paramref name="line"/> is the next line announced (the batch's very string for it); if so,
    /// <paramref name="flagged"/> tells whether it was flagged. If not, the batch is forgotten: every later line is
    /// searched alone until the next announcement.
    /// </summary>
    public bool TryTake(string line, out bool flagged) =>
        Take(_next < _count && _batch!.Generation == _generation && ReferenceEquals(_batch.StringIfMade(_next), line), out flagged);

    /// <summary><see cref="TryTake(string, out bool)"/> for line <paramref name="index"/> of <paramref name="batch"/>.</summary>
    public bool TryTake(FramedBatch batch, int index, out bool flagged) =>
        Take(index == _next && _next < _count && ReferenceEquals(batch, _batch) && batch.Generation == _generation, out flagged);

    private bool Take(bool isNext, out bool flagged)
    {
        if (isNext)
        {
            flagged = _flags[_next++];
            return true;
        }
        _count = 0;
        _batch = null;
        flagged = false;
        return false;
    }
}
