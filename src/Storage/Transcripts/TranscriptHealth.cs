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
}
