using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>
/// The per-console token bucket in front of the incident store (<see cref="IncidentRateLimit"/>). A report is let
/// through while a token is left; otherwise it is counted in the current suppression window (its title tallied) and
/// not stored. A report whose kernel panicked always passes: it is the one a flood must never hide. The window ends
/// when a report would be allowed again and none came (the flood stopped), or after <see cref="IncidentRateLimit.SummaryAfter"/>,
/// or at shutdown; its <see cref="SuppressionSummary"/> is then handed out once.
/// </summary>
/// <remarks>Not thread-safe: its console's session calls it under its own lock.</remarks>
public sealed class IncidentRateLimiter
{
    // Distinct titles tallied per window: a hostile console could print a new title for every report, and the tally
    // must not grow with it. Beyond this, reports still count but new titles are not remembered.
    internal const int MaxTrackedTitles = 1024;

    // Titles are the console's own text: a tally key is cut to this length, so a window holds at most
    // MaxTrackedTitles x MaxTitleLength characters (about 0.5 MB) however long the lines a hostile console prints.
    internal const int MaxTitleLength = 256;
    private const int TopTitleCount = 5;

    private readonly IncidentRateLimit _limit;
    private readonly string _console;
    private readonly TimeProvider _clock;
    private double _tokens;
    private DateTimeOffset _refilledAt;
    private long _suppressedTotal;
    private Window? _window;

    /// <summary>Creates the limiter of one console, its bucket full.</summary>
    public IncidentRateLimiter(string console, IncidentRateLimit limit, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(clock);
        if (limit.Enabled && limit.Every <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit.Every, "the refill period must be positive");
        }
        _console = console;
        _limit = limit;
        _clock = clock;
        _tokens = limit.Burst;
        _refilledAt = clock.GetUtcNow();
    }

    /// <summary>Reports held back since the console's session started.</summary>
    public long SuppressedTotal => _suppressedTotal;

    /// <summary>Reports held back in the current window (0 when none is open).</summary>
    public long WindowCount => _window?.Count ?? 0;

    /// <summary>Whether <paramref name="report"/> may be stored; false counts it as suppressed.</summary>
    public bool TryAdmit(CrashReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!_limit.Enabled)
        {
            return true;
        }
        DateTimeOffset now = _clock.GetUtcNow();
        Refill(now);
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return true;
        }
        if (report.Panicked)
        {
            // Never suppressed, and it takes nothing: the bucket is empty and stays as it is.
            return true;
        }
        _window ??= new Window(now);
        _window.Add(report.Title, now);
        _suppressedTotal++;
        return false;
    }

    /// <summary>
    /// The summary of the current suppression window if it has ended (a report would be allowed again, or the window
    /// is <see cref="IncidentRateLimit.SummaryAfter"/> old); null otherwise. Handed out once.
    /// </summary>
    public SuppressionSummary? TakeEndedWindow()
    {
        if (_window is null)
        {
            return null;
        }
        DateTimeOffset now = _clock.GetUtcNow();
        Refill(now);
        return _tokens >= 1 || now - _window.First >= _limit.SummaryAfter ? TakeWindow() : null;
    }

    /// <summary>The summary of the current suppression window, whether it ended or not (shutdown); null when none is open.</summary>
    public SuppressionSummary? TakeWindow()
    {
        Window? window = _window;
        _window = null;
        return window?.Summarize(_console);
    }

    private void Refill(DateTimeOffset now)
    {
        if (now <= _refilledAt)
        {
            return; // the clock stepped back: no tokens for it, and none taken either
        }
        _tokens = Math.Min(_limit.Burst, _tokens + (now - _refilledAt).Ticks / (double)_limit.Every.Ticks);
        _refilledAt = now;
    }

    private sealed class Window(DateTimeOffset first)
    {
        private readonly Dictionary<string, long> _titles = new(StringComparer.Ordinal);
        private bool _overflowed;

        public long Count { get; private set; }

        public DateTimeOffset First { get; } = first;

        private DateTimeOffset Last { get; set; } = first;

        public void Add(string title, DateTimeOffset at)
        {
            Count++;
            Last = at > Last ? at : Last;
            if (title.Length > MaxTitleLength)
            {
                title = string.Concat(title.AsSpan(0, MaxTitleLength - 1), "…");
            }
            if (_titles.TryGetValue(title, out long seen))
            {
                _titles[title] = seen + 1;
            }
            else if (_titles.Count < MaxTrackedTitles)
            {
                _titles[title] = 1;
            }
            else
            {
                _overflowed = true;
            }
        }

        public SuppressionSummary Summarize(string console) => new(
            console, Count, First, Last, _titles.Count,
            [.. _titles.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(TopTitleCount).Select(t => (t.Key, t.Value))],
            _overflowed);
    }
}
