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
/// At most <see cref="MaxWaiting"/> wait, holding at most <see cref="MaxWaitingText"/> characters of report text: beyond
/// either the oldest goes with its story as far as known, so memory stays bounded on any input (a console that sends
/// panic lines without a newline makes reports of a thousand 4,096-character lines, 8 MB each).
/// </remarks>
public sealed class ReportsInOrder(Action<CrashReport> onReport)
{
    /// <summary>Reports kept waiting at most.</summary>
    public const int MaxWaiting = 64;

    /// <summary>Characters of report text kept waiting at most (32 MB; a real crash report has a few thousand).</summary>
    public const long MaxWaitingText = 16L << 20;

    // The text length of the reports waiting.
    private long _waitingText;

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
                    _waitingText += read.Report.TextLength;
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
        while (go < _waiting.Count && (all || _waiting.Count - go > MaxWaiting || _waitingText > MaxWaitingText
               || !_waiting[go].StoryOpen && go < _waiting.Count - 1))
        {
            _waitingText -= _waiting[go].Report.TextLength;
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
