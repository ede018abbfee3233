namespace SolWatch.Storage.Transcripts;

/// <summary>Where and how long console transcripts are kept.</summary>
public sealed record TranscriptOptions
{
    /// <summary>Root directory; each console gets a sub-directory (mode 0700) of its own.</summary>
    public required string Directory { get; init; }

    /// <summary>The current file is rotated (and gzipped) when it grows past this size.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The current file is rotated when its first line is older than this.</summary>
    public TimeSpan MaxFileAge { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Rotated parts that ended longer ago than this are deleted.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Lines waiting for the writer; when full, further lines are counted as lost (capture never waits).</summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>
    /// Bytes of raw transcript waiting for the writer (all consoles); when full, further chunks are counted as lost
    /// and a gap in the raw index says how many bytes are missing where (capture never waits).
    /// </summary>
    public long RawQueueBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>First delay before writing is tried again after a failure (disk full, read-only file system).</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two attempts to write after failures.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the writer checks that each open transcript file and its directory are still on disk (deleted ones
    /// are recreated, with a gap): at most this much of a console's output goes into a deleted file unnoticed.
    /// </summary>
    public TimeSpan FileCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long health reports a transcript found deleted and recreated (<see cref="TranscriptHealth.Disrupted"/>).</summary>
    public TimeSpan DisruptionNotice { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Hears each problem worth logging once (a transcript found deleted and recreated); called on the writer's thread.</summary>
    public Action<string>? OnProblem { get; init; }

    /// <summary>
    /// The store is the directory's one writer (the daemon): it locks the directory for its life and is refused,
    /// with <see cref="Incidents.StoreUnavailableException"/>, while another writer holds it. Off for readers (the CLI
    /// reading a stopped daemon's files).
    /// </summary>
    public bool OwnDirectory { get; init; }

    /// <summary>Clock for retention; tests pass a fake one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
