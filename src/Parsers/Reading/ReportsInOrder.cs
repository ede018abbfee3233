using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Reading;

/// <summary>
/// Turns a <see cref="ConsoleReader"/>'s readings into reports given out once, in console order, each with the last word
/// on its kdump story: what an offline reader (<c>solwatch scan</c>) prints, where the daemon instead stores a report at
/// once and updates it.
/// </summary>
/// <remarks>
/// A report waits while its story is open, and so do the reports after it (order is kept). The latest report with no
/// story also waits, for a crash may still become fatal just after it (an oops with kdump loaded); any older one goes.
/// At most <see cref="MaxWaiting"/> wait: beyond that the oldest goes with its story as far as known, so memory stays
/// bounded on any input.
/// </remarks>
public sealed class ReportsInOrder(Action<CrashReport> onReport)
{
    /// <summary>Reports kept waiting at most.</summary>
    public const int MaxWaiting = 64;

    private readonly List<Waiting> _waiting = [];

    /// <summary>Takes the readings of one line (or flush); gives out every report whose story is settled.</summary>
    public void Add(IReadOnlyList<ConsoleReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (ConsoleReading reading in readings)
        {
            switch (reading)
            {
                case ReportRead read:
                    _waiting.Add(new Waiting(read.Report, StoryOpen: read.Report.Kdump is not null));
                    break;
                case KdumpStoryChanged changed:
                    int i = _waiting.FindIndex(w => w.Report.StartLine == changed.ReportStartLine);
                    if (i >= 0)
                    {
                        _waiting[i] = new Waiting(_waiting[i].Report with { Kdump = changed.Kdump }, StoryOpen: !changed.Final);
                    }
                    break;
            }
        }
        Release(all: false);
    }

    /// <summary>End of input: gives out every report still waiting.</summary>
    public void Complete() => Release(all: true);

    private void Release(bool all)
    {
        int go = 0;
        while (go < _waiting.Count && (all || _waiting.Count - go > MaxWaiting
               || !_waiting[go].StoryOpen && go < _waiting.Count - 1))
        {
            go++;
        }
        for (int i = 0; i < go; i++)
        {
            onReport(_waiting[i].Report);
        }
        _waiting.RemoveRange(0, go);
    }

    private readonly record struct Waiting(CrashReport Report, bool StoryOpen);
}
