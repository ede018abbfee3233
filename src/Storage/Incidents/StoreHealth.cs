namespace SolWatch.Storage.Incidents;

/// <summary>How storing incidents goes.</summary>
/// <param name="Stored">Incidents committed durably since the store was opened.</param>
/// <param name="Failed">Failed write attempts (each retried batch counts once per attempt).</param>
/// <param name="Queued">Incidents waiting for the writer, including a batch being retried.</param>
/// <param name="Dropped">Incidents refused because the queue was full, or given up after all retries.</param>
/// <param name="LastError">The last failure, saying which file and what to do; null when none happened.</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> happened.</param>
public sealed record StoreHealth(
    long Stored, long Failed, long Queued, long Dropped, string? LastError, DateTimeOffset? LastErrorAt);
