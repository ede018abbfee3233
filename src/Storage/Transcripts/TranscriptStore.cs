using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using SolWatch.Storage.Files;

namespace SolWatch.Storage.Transcripts;

/// <summary>
/// Console transcripts on disk: <c>&lt;Directory&gt;/&lt;console&gt;/current.log</c> plus rotated, gzipped parts
/// <c>YYYYMMDDTHHMMSSZ.log.gz</c> (named after their first line's time). One background writer drains a bounded
/// queue, so capture never waits for the disk; when the disk is full the lines are counted as lost, the error is
/// reported in <see cref="Health()"/>, and writing resumes by itself with a gap line saying how many were lost.
/// Directories are 0700 and files 0600: console output can contain anything.
/// For consoles with a raw transcript (<see cref="EnableRaw"/>), the same writer also keeps the exact bytes in
/// <c>current.raw</c> (parts <c>….raw.gz</c>) with receive-time marks and gaps in an index beside them
/// (<c>current.raw.idx</c>), never in the bytes: the forensic record, byte for byte what the console sent.
/// </summary>
/// <remarks>
/// Lines are written with one write(2) per console per batch and not fsynced: a transcript is evidence around an
/// incident, not an acknowledged record, and what was written survives <c>kill -9</c> of the daemon anyway.
/// A console's file is rotated when a line arrives that would make it too big or too old (a console that stays
/// quiet keeps its file until it speaks again).
/// </remarks>
public sealed class TranscriptStore : IAsyncDisposable
{
    private const int MaxBatch = 4096;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan IdleClose = TimeSpan.FromMinutes(2);

    private readonly TranscriptOptions _options;
    private readonly string _root;
    private readonly TranscriptDirectoryLock? _directoryLock;
    private readonly Channel<TranscriptEntry> _queue;
    private readonly ConcurrentDictionary<string, ConsoleTranscript> _consoles = new(StringComparer.Ordinal);
    private readonly Task _writer;
    private readonly Timer _checkTimer;
    private long _queued;
    private long _rawQueuedBytes;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private int _disposed;

    /// <summary>Creates the root directory (0700) and starts the writer.</summary>
    /// <param name="options">Where and how long to keep transcripts.</param>
    public TranscriptStore(TranscriptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFileBytes, 1);
        _options = options;
        _root = Path.GetFullPath(options.Directory);
        PrivateFiles.EnsureDirectory(_root);
        _directoryLock = options.OwnDirectory ? TranscriptDirectoryLock.Acquire(_root) : null;
        _queue = Channel.CreateBounded<TranscriptEntry>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the line is counted, never waited for
        });
        _writer = Task.Run(RunWriterAsync);
        // Wakes the writer when no line does, so a transcript deleted under a quiet console is noticed too (Maintain).
        _checkTimer = new Timer(_ => _queue.Writer.TryWrite(default), null, options.FileCheckInterval, options.FileCheckInterval);
    }

    /// <summary>Queues one received line. Never blocks; a line that does not fit the queue is counted as lost.</summary>
    /// <param name="console">Console name (any string: it is sanitized into a directory name).</param>
    /// <param name="receivedAt">When the line was received.</param>
    /// <param name="line">The framed line, without terminator.</param>
    public void Append(string console, DateTimeOffset receivedAt, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Enqueue(Transcript(console), receivedAt, line, isGap: false);
    }

    /// <summary>Queues a gap marker (disconnect, reconnect…): output may be missing at this point.</summary>
    /// <param name="console">Console name.</param>
    /// <param name="at">When the gap was noticed.</param>
    /// <param name="reason">Why, e.g. <c>disconnected: connection reset by peer</c>.</param>
    public void AppendGap(string console, DateTimeOffset at, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Enqueue(Transcript(console), at, reason, isGap: true);
    }

    /// <summary>
    /// Keeps a raw byte transcript for <paramref name="console"/> (<see cref="AppendRaw"/> does it too): from now on
    /// its gaps are also recorded in the raw index.
    /// </summary>
    /// <param name="console">Console name.</param>
    public void EnableRaw(string console) => Transcript(console).RawEnabled = true;

    /// <summary>
    /// Queues bytes exactly as the collector delivered them, for the console's raw transcript. Never blocks; bytes
    /// that do not fit the queue are counted as lost and announced by a gap in the raw index where they were lost.
    /// Call from one thread per console at a time (the console's own pipeline), in the order received.
    /// </summary>
    /// <param name="console">Console name.</param>
    /// <param name="receivedAt">When the bytes were received.</param>
    /// <param name="bytes">The bytes (copied).</param>
    public void AppendRaw(string console, DateTimeOffset receivedAt, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        var target = Transcript(console);
        target.RawEnabled = true;
        var lostBefore = target.TakeRawLostBefore();
        if (Interlocked.Add(ref _rawQueuedBytes, bytes.Length) > _options.RawQueueBytes)
        {
            Interlocked.Add(ref _rawQueuedBytes, -bytes.Length);
            LoseRaw(target, bytes.Length, lostBefore);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(buffer);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(new TranscriptEntry(target, 0, receivedAt, "", false, null, buffer, bytes.Length, lostBefore)))
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Add(ref _rawQueuedBytes, -bytes.Length);
            ArrayPool<byte>.Shared.Return(buffer);
            LoseRaw(target, bytes.Length, lostBefore);
        }
    }

    private void LoseRaw(ConsoleTranscript target, int bytes, long lostBefore)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            target.CountRawQueueOverflow(bytes, lostBefore, _options.RawQueueBytes);
        }
        else
        {
            target.CountRawLostAfterClose(bytes);
        }
    }

    private void Enqueue(ConsoleTranscript target, DateTimeOffset at, string text, bool isGap)
    {
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(new TranscriptEntry(target, target.NextSequence(), at, text, isGap, null)))
        {
            Interlocked.Decrement(ref _queued);
            if (Volatile.Read(ref _disposed) == 0)
            {
                target.CountQueueOverflow(_options.QueueCapacity);
            }
            else
            {
                target.CountLostAfterClose();
            }
        }
    }

    private ConsoleTranscript Transcript(string console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return _consoles.GetOrAdd(console, name =>
            new ConsoleTranscript(name, Path.Combine(_root, ConsoleDirectoryName.For(name)), _options));
    }

    /// <summary>Completes when every line queued before the call has been written (or counted as lost).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new TranscriptEntry(null, 0, default, "", false, flushed), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return; // disposed: the writer drains everything on its way out
        }

        await flushed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Reads a console's transcript, oldest first, across rotated (gzipped) parts and the current file.
    /// Lines still in the queue are not seen: call <see cref="FlushAsync"/> first when that matters.
    /// </summary>
    /// <param name="console">Console name as given to <see cref="Append"/>.</param>
    /// <param name="since">Only lines received at or after this time.</param>
    public IEnumerable<TranscriptLine> Read(string console, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        return TranscriptReader.Read(Path.Combine(_root, ConsoleDirectoryName.For(console)), since);
    }

    /// <summary>
    /// Reads a console's raw transcript, oldest first, across rotated (gzipped) parts and the current file: the bytes
    /// exactly as received, and the gaps. Bytes still in the queue are not seen: call <see cref="FlushAsync"/> first
    /// when that matters.
    /// </summary>
    /// <param name="console">Console name.</param>
    /// <param name="since">Only bytes received at or after this time (to within one second: the index's resolution).</param>
    /// <param name="until">Only bytes received up to this time (to within one second).</param>
    public IEnumerable<RawSegment> ReadRaw(string console, DateTimeOffset? since = null, DateTimeOffset? until = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        return RawTranscriptReader.Read(Path.Combine(_root, ConsoleDirectoryName.For(console)), since, until);
    }

    /// <summary>Whether anything was ever written for <paramref name="console"/> (its directory exists).</summary>
    /// <param name="console">Console name.</param>
    public bool Exists(string console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return Directory.Exists(Path.Combine(_root, ConsoleDirectoryName.For(console)));
    }

    /// <summary>Whether <paramref name="console"/> has a raw transcript on disk (raw files exist for it).</summary>
    /// <param name="console">Console name.</param>
    public bool HasRaw(string console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var directory = Path.Combine(_root, ConsoleDirectoryName.For(console));
        return File.Exists(Path.Combine(directory, TranscriptFileKind.Raw.CurrentName))
            || TranscriptParts.List(directory, TranscriptFileKind.Raw).Count > 0;
    }

    /// <summary>Health of one console's transcript.</summary>
    /// <param name="console">Console name.</param>
    public TranscriptHealth Health(string console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var queued = Interlocked.Read(ref _queued);
        return _consoles.TryGetValue(console, out var transcript)
            ? transcript.Health(queued)
            : new TranscriptHealth(0, 0, queued, null, null, Failing: false);
    }

    /// <summary>Health of all transcripts together (sums; the latest error of any console; failing if any is).</summary>
    public TranscriptHealth Health()
    {
        var all = _consoles.Values.Select(c => c.Health(0)).ToList();
        var latest = all.Where(h => h.LastErrorAt is not null).MaxBy(h => h.LastErrorAt);
        return new TranscriptHealth(
            all.Sum(h => h.Written), all.Sum(h => h.Lost), Interlocked.Read(ref _queued),
            latest?.LastError, latest?.LastErrorAt, all.Any(h => h.Failing))
        {
            RawBytesWritten = all.Sum(h => h.RawBytesWritten),
            RawBytesLost = all.Sum(h => h.RawBytesLost),
            Recreated = all.Sum(h => h.Recreated),
            LastRecreatedAt = all.Max(h => h.LastRecreatedAt),
            Disrupted = all.Any(h => h.Disrupted),
        };
    }

    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<TranscriptEntry>(MaxBatch);
        var byConsole = new Dictionary<ConsoleTranscript, List<TranscriptEntry>>();
        var rawByConsole = new Dictionary<ConsoleTranscript, List<TranscriptEntry>>();
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var entry))
            {
                batch.Add(entry);
                if (entry.Target is not null)
                {
                    Interlocked.Decrement(ref _queued); // "queued" means waiting for the writer
                    Interlocked.Add(ref _rawQueuedBytes, -entry.RawLength);
                }
            }

            // Grouped per console and stream (order kept within each): one write per file per batch. Gaps go to
            // both streams of a console that keeps raw bytes.
            foreach (var entry in batch)
            {
                if (entry.Target is { } target)
                {
                    if (entry.Raw is null)
                    {
                        Group(byConsole, target, entry);
                    }

                    if (entry.Raw is not null || entry.IsGap && target.RawEnabled)
                    {
                        Group(rawByConsole, target, entry);
                    }
                }
            }

            foreach (var (target, lines) in byConsole)
            {
                CheckSafely(target);
                WriteSafely(target, lines);
            }

            foreach (var (target, chunks) in rawByConsole)
            {
                CheckSafely(target);
                WriteRawSafely(target, chunks);
            }

            foreach (var entry in batch)
            {
                if (entry.Raw is { } buffer)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                entry.Flushed?.TrySetResult();
            }

            batch.Clear();
            byConsole.Clear();
            rawByConsole.Clear();
            Maintain();
        }

        foreach (var transcript in _consoles.Values)
        {
            transcript.Close();
        }
    }

    private static void Group(Dictionary<ConsoleTranscript, List<TranscriptEntry>> groups, ConsoleTranscript target, TranscriptEntry entry)
    {
        if (!groups.TryGetValue(target, out var entries))
        {
            groups[target] = entries = [];
        }

        entries.Add(entry);
    }

    private static void WriteRawSafely(ConsoleTranscript target, List<TranscriptEntry> chunks)
    {
        try
        {
            target.Raw.Write(chunks);
            target.Touch();
        }
        catch (Exception)
        {
            // Write() turns I/O errors into lost bytes and Health; anything else must not kill the one writer.
        }
    }

    private static void CheckSafely(ConsoleTranscript target)
    {
        try
        {
            target.CheckOnDisk();
        }
        catch (Exception)
        {
            // A failed recreation is reported in health by the write that follows; the writer carries on.
        }
    }

    private static void WriteSafely(ConsoleTranscript target, List<TranscriptEntry> lines)
    {
        try
        {
            target.Write(lines);
        }
        catch (Exception)
        {
            // Write() turns I/O errors into lost lines and Health; anything else must not kill the one writer.
        }
    }

    /// <summary>Closes files idle for a while (a daemon may watch thousands of consoles) and sweeps retention hourly.</summary>
    private void Maintain()
    {
        var idleBefore = Environment.TickCount64 - (long)IdleClose.TotalMilliseconds;
        foreach (var transcript in _consoles.Values)
        {
            CheckSafely(transcript);
            if (transcript.LastWriteTicks < idleBefore)
            {
                transcript.Close();
            }
        }

        var now = _options.Clock.GetUtcNow();
        if (now - _lastSweep < SweepInterval)
        {
            return;
        }

        _lastSweep = now;
        foreach (var transcript in _consoles.Values)
        {
            try
            {
                transcript.SweepRetention();
            }
            catch (Exception)
            {
                // Reported in the console's health by the sweep itself; the writer carries on.
            }
        }
    }

    /// <summary>Writes what is queued, closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _checkTimer.DisposeAsync();
        _queue.Writer.TryComplete();
        await _writer;
        _directoryLock?.Dispose();
    }
}
