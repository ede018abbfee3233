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

    /// <summary>How long <see cref="IncidentStore.DisposeAsync"/> waits for queued incidents before failing them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A report with the fingerprint of an incident of the same console whose last occurrence is at most this long
    /// before it is counted on that incident (<see cref="Incident.Occurrences"/>) instead of stored again: a crash
    /// loop makes one incident, not thousands. A panicked report never counts on an incident that did not panic
    /// (it is stored as its own incident). <see cref="TimeSpan.Zero"/> stores every report.
    /// </summary>
    public TimeSpan RepeatWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Largest database (data file and log) before retention deletes the oldest incidents, those that did not
    /// panic first, and compacts the file; null: no limit.
    /// </summary>
    public long? MaxDatabaseBytes { get; init; }

    /// <summary>Incidents whose last occurrence is older than this are deleted; null: kept for ever.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>How often retention runs (when <see cref="MaxDatabaseBytes"/> or <see cref="MaxAge"/> is set).</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Where the store says what the daemon's log must know: incidents it could not store at shutdown, reports
    /// dropped for a full queue, retention's deletions. Called on the store's threads; null: not said.
    /// </summary>
    public Action<string>? Log { get; init; }
}
