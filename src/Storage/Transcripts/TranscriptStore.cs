namespace SolWatch.Storage.Transcripts;

/// <summary>
/// Console transcripts on disk: <c>&lt;Directory&gt;/&lt;console&gt;/current.log</c> plus rotated, gzipped parts
/// <c>YYYYMMDDTHHMMSSZ.log.gz</c> (named after their first line's time). One background writer drains a bounded
/// queue, so capture never waits for the disk; when the disk is full the lines are counted as lost, the error is
/// reported in <see cref="Health()"/>, and writing resumes by itself with a gap line saying how many were lost.
/// Directories are 0700 and files 0600: console output can contain anything.
/// </summary>
public sealed class TranscriptStore : IAsyncDisposable
{
    /// <summary>Creates the root directory (0700) and starts the writer.</summary>
    /// <param name="options">Where and how long to keep transcripts.</param>
    public TranscriptStore(TranscriptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        throw new NotImplementedException();
    }

    /// <summary>Queues one received line. Never blocks; a line that does not fit the queue is counted as lost.</summary>
    /// <param name="console">Console name (any string: it is sanitized into a directory name).</param>
    /// <param name="receivedAt">When the line was received.</param>
    /// <param name="line">The framed line, without terminator.</param>
    public void Append(string console, DateTimeOffset receivedAt, string line) => throw new NotImplementedException();

    /// <summary>Queues a gap marker (disconnect, reconnect…): output may be missing at this point.</summary>
    /// <param name="console">Console name.</param>
    /// <param name="at">When the gap was noticed.</param>
    /// <param name="reason">Why, e.g. <c>disconnected: connection reset by peer</c>.</param>
    public void AppendGap(string console, DateTimeOffset at, string reason) => throw new NotImplementedException();

    /// <summary>Completes when every line queued before the call has been written (or counted as lost).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task FlushAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>
    /// Reads a console's transcript, oldest first, across rotated (gzipped) parts and the current file.
    /// Lines still in the queue are not seen: call <see cref="FlushAsync"/> first when that matters.
    /// </summary>
    /// <param name="console">Console name as given to <see cref="Append"/>.</param>
    /// <param name="since">Only lines received at or after this time.</param>
    public IEnumerable<TranscriptLine> Read(string console, DateTimeOffset? since = null) => throw new NotImplementedException();

    /// <summary>Health of one console's transcript.</summary>
    /// <param name="console">Console name.</param>
    public TranscriptHealth Health(string console) => throw new NotImplementedException();

    /// <summary>Health of all transcripts together (sums; the last error of any console).</summary>
    public TranscriptHealth Health() => throw new NotImplementedException();

    /// <summary>Writes what is queued, closes the files.</summary>
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
