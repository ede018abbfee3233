using System.Buffers;
using SolWatch.Storage.Files;

namespace SolWatch.Storage.Transcripts;

/// <summary>
/// One console's transcript: counters shared with producers (thread-safe), and the open files, which only the
/// store's single writer touches: the line file here, the raw byte stream in <see cref="Raw"/>.
/// </summary>
internal sealed class ConsoleTranscript(string console, string directory, TranscriptOptions options)
{
    private readonly Backoff _backoff = new(options.RetryInitialDelay, options.RetryMaxDelay);
    private RawTranscript? _raw;

    // Shared with producers and Health readers.
    private long _written;
    private long _lost;
    private long _sequence;
    private volatile ErrorInfo? _lastError;
    private volatile bool _failing;
    private int _overflowing;
    private volatile bool _rawEnabled;
    private volatile bool _rawFailing;
    private long _rawWritten;
    private long _rawLost;
    private long _rawLostPending;
    private int _rawOverflowing;
    private long _recreated;
    private long _lastRecreatedTicks;

    // Writer only.
    private FileStream? _current;
    private long _currentLength;
    private DateTimeOffset? _currentFirstLineAt;
    private int _failures;
    private long _retryAtTicks;
    private long _lastSequence;
    private long _unannounced;
    private string _unannouncedReason = "write failure";

    // Writer only: what the open files were when opened, to notice them deleted or replaced under the writer.
    private FileNode? _directoryNode;
    private FileNode? _currentNode;
    private long _linesSinceCheck;
    private DateTimeOffset? _checkedAt;
    private long _nextCheckTicks;

    public string Console { get; } = console;

    public string Directory { get; } = directory;

    public string CurrentPath => Path.Combine(Directory, TranscriptParts.CurrentName);

    public long LastWriteTicks { get; private set; } = Environment.TickCount64;

    /// <summary>Notes a write of the raw stream (files idle for a while are closed).</summary>
    public void Touch() => LastWriteTicks = Environment.TickCount64;

    private sealed record ErrorInfo(string Message, DateTimeOffset At);

    /// <summary>
    /// Numbers every line offered for this console, queued or not: the writer sees a jump in the numbers where lines
    /// were lost to a full queue, and writes its gap line exactly there.
    /// </summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>A line that never reached the queue (producer side).</summary>
    public void CountQueueOverflow(int capacity)
    {
        Interlocked.Increment(ref _lost);
        if (Interlocked.Exchange(ref _overflowing, 1) == 0)
        {
            _lastError = new ErrorInfo(
                $"Transcript of console {Console}: the write queue is full ({capacity} lines waiting), lines are " +
                "being lost; the disk is too slow or failing (see earlier errors).", options.Clock.GetUtcNow());
        }
    }

    /// <summary>A line offered after the store was disposed (shutdown races): lost, but nothing is wrong.</summary>
    public void CountLostAfterClose() => Interlocked.Increment(ref _lost);

    public TranscriptHealth Health(long queued)
    {
        var error = _lastError;
        var recreatedTicks = Interlocked.Read(ref _lastRecreatedTicks);
        DateTimeOffset? recreatedAt = recreatedTicks == 0 ? null : new DateTimeOffset(recreatedTicks, TimeSpan.Zero);
        return new TranscriptHealth(
            Interlocked.Read(ref _written), Interlocked.Read(ref _lost), queued, error?.Message, error?.At, _failing || _rawFailing)
        {
            RawBytesWritten = Interlocked.Read(ref _rawWritten),
            RawBytesLost = Interlocked.Read(ref _rawLost),
            Recreated = Interlocked.Read(ref _recreated),
            LastRecreatedAt = recreatedAt,
            Disrupted = recreatedAt is { } at && options.Clock.GetUtcNow() - at < options.DisruptionNotice,
        };
    }

    /// <summary>
    /// Checks that the open files (and the directory) are still the ones on disk: a directory deleted under the
    /// writer (an operator's <c>rm -rf</c>, a cleanup job) would otherwise swallow every line into unlinked files
    /// while health said ok. When they are not, the files are recreated, a gap says how much went with them, health
    /// reports it (<see cref="TranscriptHealth.Disrupted"/>) and <see cref="TranscriptOptions.OnProblem"/> hears it once.
    /// At most once per <see cref="TranscriptOptions.FileCheckInterval"/> unless <paramref name="force"/>d (rotation):
    /// two stat(2) calls per console.
    /// </summary>
    public void CheckOnDisk(bool force = false)
    {
        if (_directoryNode is null || !force && Environment.TickCount64 < _nextCheckTicks)
        {
            return;
        }

        _nextCheckTicks = Environment.TickCount64 + (long)options.FileCheckInterval.TotalMilliseconds;
        if (ChangedOnDisk() is { } what)
        {
            Recreate(options.Clock.GetUtcNow(), what);
            return;
        }

        _linesSinceCheck = 0;
        _raw?.Verified();
        _checkedAt = options.Clock.GetUtcNow();
    }

    private string? ChangedOnDisk()
    {
        if (FileNode.Of(Directory) != _directoryNode)
        {
            return $"its directory {Directory} was deleted or replaced";
        }

        if (_current is not null && FileNode.Of(CurrentPath) != _currentNode)
        {
            return $"{CurrentPath} was deleted or replaced";
        }

        return _raw?.ChangedOnDisk();
    }

    /// <summary>The directory was opened by the raw stream (the line file may not be open yet).</summary>
    internal void NoteDirectory() => _directoryNode ??= FileNode.Of(Directory);

    /// <summary>
    /// The files were deleted under the writer: what was written to them since the last check is lost. Closes them,
    /// counts and reports it, recreates the directory and files, and marks the gap in both streams.
    /// </summary>
    internal void Recreate(DateTimeOffset at, string what)
    {
        var linesLost = _linesSinceCheck;
        var bytesLost = _raw?.TakeBytesSinceCheck() ?? 0;
        var since = _checkedAt;
        Close();
        _directoryNode = null;
        _currentNode = null;
        _currentFirstLineAt = null;
        _linesSinceCheck = 0;
        _checkedAt = at;
        Interlocked.Add(ref _lost, linesLost);
        Interlocked.Add(ref _rawLost, bytesLost);
        Interlocked.Increment(ref _recreated);
        Interlocked.Exchange(ref _lastRecreatedTicks, options.Clock.GetUtcNow().UtcTicks); // not the line's time: health counts from now
        var sinceText = since is { } s ? $" since {s:yyyy-MM-ddTHH:mm:ssZ}" : "";
        var message = $"Transcript of console {Console}: {what} while solwatch was writing to it; recreated it. " +
            $"{linesLost} line(s){(RawEnabled ? $" and {bytesLost} raw byte(s)" : "")} written{sinceText} went with the deleted files, " +
            "and so did the older parts kept there. Find what deletes files under the transcripts directory (a cleanup job, " +
            "tmpfiles.d, an operator); the transcript carries a gap at this point.";
        Report(message);
        options.OnProblem?.Invoke(message);
        var reason = "transcript deleted while capturing (recreated; older parts gone with it)";
        try
        {
            var pending = new Pending();
            EnsureOpen();
            AddGap(pending, at, linesLost, reason);
            WritePending(pending);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }

        if (RawEnabled)
        {
            Raw.Write([new TranscriptEntry(this, 0, at, $"{bytesLost} byte(s) lost: {reason}", true, null)]);
        }
    }

    /// <summary>Whether this console keeps a raw byte transcript (gaps then go to its index too).</summary>
    public bool RawEnabled
    {
        get => _rawEnabled;
        set => _rawEnabled = value;
    }

    /// <summary>The raw byte stream (writer only; created on first use).</summary>
    public RawTranscript Raw => _raw ??= new RawTranscript(this, options);

    /// <summary>Bytes lost to a full queue since the last chunk that got in (producer side; announced before the next one).</summary>
    public long TakeRawLostBefore() => Interlocked.Exchange(ref _rawLostPending, 0);

    /// <summary>A raw chunk that never reached the queue (producer side).</summary>
    public void CountRawQueueOverflow(long bytes, long lostBefore, long capacityBytes)
    {
        Interlocked.Add(ref _rawLostPending, bytes + lostBefore);
        Interlocked.Add(ref _rawLost, bytes);
        if (Interlocked.Exchange(ref _rawOverflowing, 1) == 0)
        {
            _lastError = new ErrorInfo(
                $"Raw transcript of console {Console}: the write queue is full ({capacityBytes} bytes waiting), bytes are " +
                "being lost; the disk is too slow or failing (see earlier errors).", options.Clock.GetUtcNow());
        }
    }

    /// <summary>A raw chunk offered after the store was disposed (shutdown races): lost, but nothing is wrong.</summary>
    public void CountRawLostAfterClose(long bytes) => Interlocked.Add(ref _rawLost, bytes);

    internal void CountRawWritten(long bytes)
    {
        Interlocked.Add(ref _rawWritten, bytes);
        Volatile.Write(ref _rawOverflowing, 0);
    }

    internal void CountRawLost(long bytes) => Interlocked.Add(ref _rawLost, bytes);

    internal void SetRawFailing(bool failing) => _rawFailing = failing;

    internal void ReportError(string message) => Report(message);

    /// <summary>Lines gathered for one write(2), with what they account for.</summary>
    private sealed class Pending
    {
        public ArrayBufferWriter<byte> Bytes { get; } = new(16 * 1024);
        public int Lines { get; set; }
        public int Entries { get; set; }
        public long Announced { get; set; }

        public void Clear()
        {
            Bytes.Clear();
            Lines = Entries = 0;
            Announced = 0;
        }
    }

    /// <summary>
    /// Writes entries in order. Lost lines are announced by a gap line where they were lost: lines the queue could
    /// not take, where the sequence jumps; lines a failed write lost, before the next lines that get written.
    /// </summary>
    public void Write(IReadOnlyList<TranscriptEntry> entries)
    {
        var overflowBefore = new long[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var sequence = entries[i].Sequence;
            overflowBefore[i] = Math.Max(0, sequence - _lastSequence - 1);
            _lastSequence = Math.Max(_lastSequence, sequence);
        }

        if (_failing && Environment.TickCount64 < _retryAtTicks)
        {
            Interlocked.Add(ref _lost, entries.Count);
            _unannounced += entries.Count + overflowBefore.Sum();
            return;
        }

        var pending = new Pending();
        var done = 0;
        var gapsAddedThrough = -1;
        try
        {
            EnsureOpen();
            if (_unannounced > 0)
            {
                AddGap(pending, entries[0].At, _unannounced, _unannouncedReason);
                _unannounced = 0;
            }

            for (; done < entries.Count; done++)
            {
                var entry = entries[done];
                if (overflowBefore[done] > 0)
                {
                    AddGap(pending, entry.At, overflowBefore[done], "transcript queue full");
                }

                gapsAddedThrough = done;

                var bytes = TranscriptLineFormat.ToBytes(entry.At, entry.Text, entry.IsGap);
                if (NeedsRotation(entry.At, pending.Bytes.WrittenCount, bytes.Length))
                {
                    WritePending(pending);
                    Rotate(entry.At);
                    EnsureOpen();
                }

                _currentFirstLineAt ??= entry.At;
                pending.Bytes.Write(bytes);
                pending.Lines++;
                pending.Entries++;
            }

            WritePending(pending);
            Recovered();
        }
        catch (Exception ex)
        {
            // Whatever went wrong (I/O error, a special file where current.log should be), the lines not written
            // are counted and announced later, and the writer carries on.
            var notWritten = pending.Entries + (entries.Count - done);
            Interlocked.Add(ref _lost, notWritten);
            _unannounced += notWritten + pending.Announced + overflowBefore.Skip(gapsAddedThrough + 1).Sum();
            Fail(ex);
        }

        LastWriteTicks = Environment.TickCount64;
    }

    private void AddGap(Pending pending, DateTimeOffset at, long lost, string reason)
    {
        _currentFirstLineAt ??= at;
        pending.Bytes.Write(TranscriptLineFormat.ToBytes(at, $"{lost} line(s) lost: {reason}", isGap: true));
        pending.Lines++;
        pending.Announced += lost;
    }

    /// <summary>Rotate before this line when the file would grow past the size bound, or is too old (never an empty file).</summary>
    private bool NeedsRotation(DateTimeOffset at, long pendingBytes, int lineBytes) =>
        _currentFirstLineAt is { } first
        && _currentLength + pendingBytes > 0
        && (_currentLength + pendingBytes + lineBytes > options.MaxFileBytes || at - first >= options.MaxFileAge);

    /// <summary>
    /// One write(2) per batch (the stream has no buffer). If it fails part-way (ENOSPC), the file is cut back to
    /// where the batch began, so the transcript never holds half a line; the batch counts as lost.
    /// </summary>
    private void WritePending(Pending pending)
    {
        if (pending.Bytes.WrittenCount == 0)
        {
            return;
        }

        var stream = _current!;
        var before = _currentLength;
        try
        {
            stream.Write(pending.Bytes.WrittenSpan);
        }
        catch (IOException)
        {
            TryTruncate(stream, before);
            throw;
        }

        _currentLength += pending.Bytes.WrittenCount;
        _linesSinceCheck += pending.Lines;
        Interlocked.Add(ref _written, pending.Lines);
        pending.Clear();
    }

    private static void TryTruncate(FileStream stream, long length)
    {
        try
        {
            stream.SetLength(length);
        }
        catch (IOException)
        {
            // Shrinking needs no space; if even that fails, the reader skips the damaged line.
        }
    }

    private void EnsureOpen()
    {
        if (_current is not null)
        {
            return;
        }

        PrivateFiles.EnsureDirectory(Directory);
        var path = CurrentPath;
        var existed = File.Exists(path) && new FileInfo(path).Length > 0;
        _currentFirstLineAt = existed ? FirstLineTime(path) : null;
        _current = PrivateFiles.OpenAppend(path);
        _currentLength = _current.Length;
        _directoryNode ??= FileNode.Of(Directory);
        _currentNode = FileNode.Of(path);
        _checkedAt ??= options.Clock.GetUtcNow();
        if (existed && !TranscriptParts.EndsWithNewline(path))
        {
            // A previous process died mid-line (kill -9 during a write): end that line so ours start clean.
            _current.Write("\n"u8);
            _currentLength++;
        }
    }

    private static DateTimeOffset? FirstLineTime(string path)
    {
        using var reader = TranscriptParts.OpenText(path);
        return reader.ReadLine() is { } line ? TranscriptLineFormat.TimeOf(line) : null;
    }

    /// <summary>current.log becomes a gzipped part; a new current.log starts with the line received at <paramref name="nextLineAt"/>.</summary>
    private void Rotate(DateTimeOffset nextLineAt)
    {
        if (ChangedOnDisk() is { } what)
        {
            // Nothing left to rotate: the new file starts with the gap (the caller goes on writing into it).
            Recreate(nextLineAt, what);
            return;
        }

        var firstLineAt = _currentFirstLineAt ?? nextLineAt;
        Close();
        var plain = TranscriptParts.RotateCurrent(Directory, firstLineAt);
        _currentFirstLineAt = nextLineAt; // where the part just rotated ends, for the retention sweep
        try
        {
            TranscriptParts.Compress(plain);
        }
        catch (IOException ex)
        {
            // The plain part stays readable; the retention sweep compresses it later.
            Report($"Transcript of console {Console}: compressing {plain} failed: {ex.Message}. It stays uncompressed for now.");
        }

        SweepRetention();
    }

    /// <summary>Deletes parts (lines and raw) that ended before the retention period, and compresses plain leftovers.</summary>
    public void SweepRetention()
    {
        Raw.SweepRetention();
        SweepLineRetention();
    }

    private void SweepLineRetention()
    {
        var parts = TranscriptParts.List(Directory);
        var horizon = options.Clock.GetUtcNow() - options.Retention;
        for (var i = 0; i < parts.Count; i++)
        {
            // A part ends where the next one begins (the last rotated part: where current.log begins).
            var end = i + 1 < parts.Count ? parts[i + 1].Start : _currentFirstLineAt ?? File.GetLastWriteTimeUtc(parts[i].Path);
            try
            {
                if (end < horizon)
                {
                    File.Delete(parts[i].Path);
                }
                else if (!parts[i].Compressed)
                {
                    TranscriptParts.Compress(parts[i].Path);
                }
            }
            catch (IOException ex)
            {
                Report($"Transcript of console {Console}: maintenance of {parts[i].Path} failed: {ex.Message}.");
            }
        }
    }

    private void Fail(Exception ex)
    {
        Close();
        _failures++;
        _failing = true;
        _retryAtTicks = Environment.TickCount64 + (long)_backoff.After(_failures).TotalMilliseconds;
        var full = ex is IOException { HResult: 28 } || ex.Message.Contains("No space", StringComparison.OrdinalIgnoreCase);
        _unannouncedReason = full ? "disk full" : $"write failure ({ex.Message})";
        Report($"Transcript of console {Console}: writing {CurrentPath} failed: {ex.Message}. " +
               (full ? "The disk is full: free space on it; " : "Check the directory's permissions and file system; ") +
               "lines are counted as lost and writing resumes by itself.");
    }

    private void Recovered()
    {
        _failures = 0;
        _failing = false;
        Volatile.Write(ref _overflowing, 0);
    }

    private void Report(string message) => _lastError = new ErrorInfo(message, options.Clock.GetUtcNow());

    public void Close()
    {
        _raw?.Close();
        try
        {
            _current?.Dispose();
        }
        catch (IOException)
        {
            // Nothing is buffered (no FileStream buffer), so closing loses nothing.
        }

        _current = null;
    }
}
