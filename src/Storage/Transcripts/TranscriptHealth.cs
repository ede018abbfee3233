namespace SolWatch.Storage.Transcripts;

/// <summary>How writing transcripts goes, for one console or all of them.</summary>
/// <param name="Written">Lines (and gap markers) written to disk.</param>
/// <param name="Lost">Lines lost: queue overflow, full disk, or another write failure.</param>
/// <param name="Queued">Lines, gaps and raw chunks waiting for the writer (all consoles: the queue is shared).</param>
/// <param name="LastError">The last write failure, with the file and what to do; null when none happened.</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> happened.</param>
/// <param name="Failing">True while writing fails (lines or raw bytes are being lost right now).</param>
public sealed record TranscriptHealth(
    long Written, long Lost, long Queued, string? LastError, DateTimeOffset? LastErrorAt, bool Failing)
{
    /// <summary>Bytes of raw transcript written to disk.</summary>
    public long RawBytesWritten { get; init; }

    /// <summary>Bytes of raw transcript lost: queue overflow, full disk, or another write failure.</summary>
    public long RawBytesLost { get; init; }

    /// <summary>Times a transcript's files or directory were found deleted under the writer and recreated.</summary>
    public long Recreated { get; init; }

    /// <summary>When that last happened, or null.</summary>
    public DateTimeOffset? LastRecreatedAt { get; init; }

    /// <summary>
    /// True for a while (<see cref="TranscriptOptions.DisruptionNotice"/>) after a transcript was found deleted and
    /// recreated: what was written to it since the check before, and its older parts, are gone.
    /// </summary>
    public bool Disrupted { get; init; }
}
