namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>
/// How many incidents one console may hand to the store (<c>incidents.rateLimit</c> in the configuration): a token
/// bucket of <see cref="Burst"/> reports, refilled by one report every <see cref="Every"/>. A console that prints crash
/// after crash (a looping or hostile host) would otherwise fill the store's queue, push out other consoles' incidents
/// and grow the database without bound. A report whose kernel panicked is never held back.
/// </summary>
public sealed record IncidentRateLimit
{
    /// <summary>Reports stored at once before the limit applies; 0 turns the limit off.</summary>
    public int Burst { get; init; } = 20;

    /// <summary>One more report is allowed per this period once the burst is spent.</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest suppression window: a console that never stops flooding still gets a summary incident this often
    /// (otherwise a window ends once a report would be allowed again and none came).
    /// </summary>
    public TimeSpan SummaryAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>20 reports, then one a minute; a summary at least hourly.</summary>
    public static IncidentRateLimit Default { get; } = new();

    /// <summary>Whether the limit applies at all.</summary>
    public bool Enabled => Burst > 0;
}
