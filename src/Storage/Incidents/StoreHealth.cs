namespace SolWatch.Storage.Incidents;

/// <summary>How storing incidents goes.</summary>
/// <param name="Stored">Incidents committed durably since the store was opened.</param>
/// <param name="Failed">Failed write attempts (each retried batch counts once per attempt).</param>
/// <param name="Queued">Incidents waiting for the writer, including a batch being retried.</param>
/// <param name="Dropped">Incidents refused because the queue was full, or given up after all retries.</param>
/// <param name="LastError">The last failure, saying which file and what to do; null when none happened.</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> happened.</param>
/// <param name="FailingSince">When storing started failing without a success since; null while storing works.</param>
/// <param name="Problem">What is wrong now, for an operator ("disk full since …, N incidents waiting"); null when nothing is.</param>
/// <param name="Repeats">Reports counted as a repeat of a stored incident instead of stored again.</param>
/// <param name="Displaced">Queued reports dropped to make room for a panicked one (also counted in Dropped).</param>
/// <param name="RetentionDeleted">Incidents deleted by retention (age or database size).</param>
public sealed record StoreHealth(
    long Stored, long Failed, long Queued, long Dropped, string? LastError, DateTimeOffset? LastErrorAt,
    DateTimeOffset? FailingSince = null, string? Problem = null, long Repeats = 0, long Displaced = 0, long RetentionDeleted = 0);
