namespace SolWatch.Parsers.Detection;

/// <summary>The line lists of a detector's reports, handed from one finished report to the next.</summary>
/// <remarks>
/// Why: a crash-dense console finishes a report every few dozen lines, and growing fresh lists for each was about
/// a fifth of everything the detector allocated. Interleaved contexts can keep a dozen reports open at once, so a
/// few dozen lists are kept, but never more than <see cref="LinesKept"/> lines of room in all (about 320 KB): a
/// console that once printed giant reports must not pin that memory for the rest of its life.
/// </remarks>
internal sealed class LineListPool
{
    private const int LinesKept = 8192;
    private const int FirstCapacity = 64;

    private readonly Stack<List<ReportLine>> _free = new();
    private int _keptCapacity;

    public List<ReportLine> Rent()
    {
        if (_free.TryPop(out List<ReportLine>? list))
        {
            _keptCapacity -= list.Capacity;
            return list;
        }
        return new List<ReportLine>(FirstCapacity);
    }

    /// <summary>Takes back a list nothing refers to any more.</summary>
    public void Return(List<ReportLine> list)
    {
        list.Clear();
        // A list grown by a giant report is let go: kept, it would take the room of the many lists ordinary reports need.
        if (list.Capacity <= LinesKept / 8 && _keptCapacity + list.Capacity <= LinesKept)
        {
            _free.Push(list);
            _keptCapacity += list.Capacity;
        }
    }
}
