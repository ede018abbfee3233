namespace SolWatch.Parsers.Reading;

/// <summary>
/// The console lines after a crash (the capture kernel's boot and save), kept for its incident within a bound: the
/// first <see cref="HeadLines"/> and the last <see cref="TailLines"/>, with a note of how many were left out between.
/// </summary>
/// <remarks>
/// <para>A capture kernel prints a few hundred lines; a bound is still needed because a console can print without end
/// (a capture kernel in a loop, a console never quiet), and every console of a fleet may be in a crash at once.</para>
/// <para>Why chunks and a ring rather than a growing list and a queue: a console in a crash keeps every line here, so what
/// this allocates is paid per line. A list that doubles copies each line twice on average and a queue's array is
/// allocated whole when it first grows; fixed chunks of the head are written once, and the tail's ring is allocated
/// only for a story longer than the head (measured on the crash-dense bench input: the list and queue allocated
/// 15 MB per 32 MB read).</para>
/// </remarks>
internal sealed class CaptureLines
{
    /// <summary>Lines kept from the start.</summary>
    public const int HeadLines = 1024;

    /// <summary>Lines kept from the end.</summary>
    public const int TailLines = 1024;

    private const int ChunkLines = 64;

    private readonly List<ConsoleLine[]> _head = [];
    private ConsoleLine[]? _tail;
    // The tail ring's next slot, and how many of its slots hold a line.
    private int _tailNext;
    private int _tailCount;
    private long _omitted;

    /// <summary>Lines added so far (kept or not).</summary>
    public long Count { get; private set; }

    public void Add(ConsoleLine line)
    {
        if (Count < HeadLines)
        {
            int slot = (int)(Count % ChunkLines);
            if (slot == 0)
            {
                _head.Add(new ConsoleLine[ChunkLines]);
            }
            _head[^1][slot] = line;
            Count++;
            return;
        }
        Count++;
        _tail ??= new ConsoleLine[TailLines];
        if (_tailCount == TailLines)
        {
            _omitted++;
        }
        else
        {
            _tailCount++;
        }
        _tail[_tailNext] = line;
        _tailNext = (_tailNext + 1) % TailLines;
    }

    /// <summary>The lines kept, in order; where lines were left out, one line saying how many.</summary>
    public IReadOnlyList<ConsoleLine> Snapshot()
    {
        int head = (int)Math.Min(Count, HeadLines);
        var all = new List<ConsoleLine>(head + _tailCount + 1);
        for (int i = 0; i < head; i++)
        {
            all.Add(_head[i / ChunkLines][i % ChunkLines]);
        }
        int oldest = (_tailNext - _tailCount + TailLines) % TailLines;
        if (_omitted > 0)
        {
            ConsoleLine next = _tail![oldest];
            all.Add(new ConsoleLine(next.Number - 1, next.At, $"[solwatch: {_omitted} lines left out here]"));
        }
        for (int i = 0; i < _tailCount; i++)
        {
            all.Add(_tail![(oldest + i) % TailLines]);
        }
        return all;
    }
}
