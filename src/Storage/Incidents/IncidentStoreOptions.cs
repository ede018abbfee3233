namespace SolWatch.Storage.Incidents;

/// <summary>Where the incident database lives and how its writer behaves.</summary>
public sealed record IncidentStoreOptions
{
    /// <summary>Path of the LiteDB file; LiteDB keeps its write-ahead log beside it (<c>NAME-log.db</c>).</summary>
    public required string Path { get; init; }

    /// <summary>Most incidents committed in one transaction.</summary>
    public int MaxBatch { get; init; } = 64;

    /// <summary>How often the write-ahead log is folded into the data file (also done on dispose).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Incidents waiting for the writer; when full, <see cref="IncidentStore.TryStore"/> returns false.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>First delay before a failed batch is tried again.</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two attempts (the delay doubles, with jitter, up to this).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Attempts per batch before its incidents' tasks fault. The default (about an hour at the longest delay)
    /// rides out a full disk that an operator fixes; meanwhile new incidents queue up.
    /// </summary>
    public int MaxAttempts { get; init; } = 120;

    /// <summary>How long <see cref="IncidentStore.DisposeAsync"/> waits for queued incidents before failing them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
