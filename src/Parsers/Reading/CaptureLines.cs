namespace SolWatch.Parsers.Reading;

/// <summary>
/// The console lines after a crash (the capture kernel's boot and save), kept for its incident within a bound: the
/// first <see cref="HeadLines"/> and the last <see cref="TailLines"/>, with a note of how many were left out between.
/// </summary>
/// <remarks>
/// A capture kernel prints a few hundred lines; a bound is still needed because a console can print without end
/// (a capture kernel in a loop, a console never quiet), and every console of a fleet may be in a crash at once.
/// </remarks>
internal sealed class CaptureLines
{
    /// <summary>Lines kept from the start.</summary>
    public const int HeadLines = 1000;

    /// <summary>Lines kept from the end.</summary>
    public const int TailLines = 1000;

    private readonly List<ConsoleLine> _head = [];
    private readonly Queue<ConsoleLine> _tail = new();
    private long _omitted;

    /// <summary>Lines added so far (kept or not).</summary>
    public long Count { get; private set; }

    public void Add(ConsoleLine line)
    {
        Count++;
        if (_head.Count < HeadLines)
        {
            _head.Add(line);
            return;
        }
        _tail.Enqueue(line);
        if (_tail.Count > TailLines)
        {
            _tail.Dequeue();
            _omitted++;
        }
    }

    /// <summary>The lines kept, in order; where lines were left out, one line saying how many.</summary>
    public IReadOnlyList<ConsoleLine> Snapshot()
    {
        var all = new List<ConsoleLine>(_head.Count + _tail.Count + 1);
        all.AddRange(_head);
        if (_omitted > 0 && _tail.TryPeek(out ConsoleLine next))
        {
            all.Add(new ConsoleLine(next.Number - 1, next.At, $"[solwatch: {_omitted} lines left out here]"));
        }
        all.AddRange(_tail);
        return all;
    }
}
