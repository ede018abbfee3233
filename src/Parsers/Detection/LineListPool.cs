namespace SolWatch.Parsers.Detection;

/// <summary>The line lists of a detector's reports, handed from one finished report to the next.</summary>
/// <remarks>
/// Why: a crash-dense console finishes a report every few dozen lines, and growing two fresh lists for each was about
/// a fifth of everything the detector allocated. A detector has few reports open at once, so few lists are kept, and
/// none that a giant report grew far beyond the usual size (it would pin that memory for the console's lifetime).
/// </remarks>
internal sealed class LineListPool
{
    private const int ListsKept = 4;
    private const int LargestCapacityKept = 1024;
    private const int FirstCapacity = 64;

    private readonly Stack<List<ReportLine>> _free = new();

    public List<ReportLine> Rent() => _free.TryPop(out List<ReportLine>? list) ? list : new List<ReportLine>(FirstCapacity);

    /// <summary>Takes back a list nothing refers to any more.</summary>
    public void Return(List<ReportLine> list)
    {
        list.Clear();
        if (_free.Count < ListsKept && list.Capacity <= LargestCapacityKept)
        {
            _free.Push(list);
        }
    }
}
