using System.Buffers;
using SolWatch.Storage.Files;

namespace SolWatch.Storage.Transcripts;

/// <summary>
/// The raw byte stream of one console's transcript, written by the store's single writer only: <c>current.raw</c>
/// holds exactly the bytes the collector delivered, <c>current.raw.idx</c> the receive-time marks and the gaps
/// (<see cref="RawIndexFormat"/>), so nothing is ever injected into the bytes. Same rules as the line transcript:
/// rotated and gzipped by size or age (both files together), retention, 0600 files, one write(2) per file per
/// batch, and a failed write (disk full) cut back, counted as lost and announced as a gap when writing resumes.
/// </summary>
internal sealed class RawTranscript(ConsoleTranscript owner, TranscriptOptions options)
{
    private const string RestartGap = "capture restarted: output sent while solwatch was not capturing is missing";

    private readonly Backoff _backoff = new(options.RetryInitialDelay, options.RetryMaxDelay);
    private FileStream? _raw;
    private FileStream? _index;
    private long _rawLength;
    private long _indexLength;
    private DateTimeOffset? _firstAt;
    private DateTimeOffset? _lastMarkAt;
    private bool _openedBefore;
    private int _failures;
    private bool _failing;
    private long _retryAtTicks;
    private long _unannounced;
    private string _unannouncedReason = "write failure";
    private FileNode? _rawNode;
    private FileNode? _indexNode;
    private long _bytesSinceCheck;

    private string Directory => owner.Directory;

    public string CurrentPath => Path.Combine(Directory, TranscriptFileKind.Raw.CurrentName);

    private string IndexPath => TranscriptFileKind.IndexOf(CurrentPath);

    /// <summary>Bytes and index records gathered for one write(2) per file, with what they account for.</summary>
    private sealed class Pending
    {
        public ArrayBufferWriter<byte> Raw { get; } = new(16 * 1024);
        public ArrayBufferWriter<byte> Index { get; } = new(256);
        public long Announced { get; set; }

        public void Clear()
        {
            Raw.Clear();
            Index.Clear();
            Announced = 0;
        }
    }

    /// <summary>Writes raw chunks and gaps (entries without <see cref="TranscriptEntry.Raw"/>) in order.</summary>
    public void Write(IReadOnlyList<TranscriptEntry> entries)
    {
        if (_failing && Environment.TickCount64 < _retryAtTicks)
        {
            var skipped = entries.Sum(e => (long)e.RawLength);
            owner.CountRawLost(skipped);
            _unannounced += skipped + entries.Sum(e => e.RawLostBefore);
            return;
        }

        var pending = new Pending();
        var done = 0;
        var lossesAddedThrough = -1;
        try
        {
            EnsureOpen(pending, entries[0].At);
            if (_unannounced > 0)
            {
                AddGap(pending, entries[0].At, $"{_unannounced} byte(s) lost: {_unannouncedReason}");
                pending.Announced += _unannounced;
                _unannounced = 0;
            }

            for (; done < entries.Count; done++)
            {
                var entry = entries[done];
                if (entry.RawLostBefore > 0)
                {
                    AddGap(pending, entry.At, $"{entry.RawLostBefore} byte(s) lost: transcript queue full");
                    pending.Announced += entry.RawLostBefore;
                }

                lossesAddedThrough = done;
                if (entry.Raw is null)
                {
                    AddGap(pending, entry.At, entry.Text);
                    continue;
                }

                if (NeedsRotation(entry.At, pending, entry.RawLength))
                {
                    WritePending(pending);
                    Rotate(entry.At);
                    EnsureOpen(pending, entry.At);
                }

                _firstAt ??= entry.At;
                if (_lastMarkAt is not { } mark || entry.At - mark >= RawIndexFormat.MarkInterval || entry.At < mark)
                {
                    pending.Index.Write(RawIndexFormat.Mark(_rawLength + pending.Raw.WrittenCount, entry.At));
                    _lastMarkAt = entry.At;
                }

                pending.Raw.Write(entry.Raw.AsSpan(0, entry.RawLength));
            }

            WritePending(pending);
            Recovered();
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the bytes not written are counted and announced as a gap later: those gathered
            // since the last successful write, and those of the entries not reached (entry `done` included: its
            // bytes are added last in its iteration).
            var notWritten = pending.Raw.WrittenCount + entries.Skip(done).Sum(e => (long)e.RawLength);
            owner.CountRawLost(notWritten);
            _unannounced += notWritten + pending.Announced + entries.Skip(lossesAddedThrough + 1).Sum(e => e.RawLostBefore);
            Fail(ex);
        }
    }

    private void AddGap(Pending pending, DateTimeOffset at, string reason) =>
        pending.Index.Write(RawIndexFormat.Gap(_rawLength + pending.Raw.WrittenCount, at, reason));

    /// <summary>Rotate before a chunk when the file would grow past the size bound, or is too old (never an empty file).</summary>
    private bool NeedsRotation(DateTimeOffset at, Pending pending, int length) =>
        _firstAt is { } first
        && _rawLength + pending.Raw.WrittenCount > 0
        && (_rawLength + pending.Raw.WrittenCount + length > options.MaxFileBytes || at - first >= options.MaxFileAge);

    /// <summary>
    /// The index first, then the bytes: whatever a reader finds in the raw file has its marks already. A failed
    /// write (ENOSPC) cuts both files back to where the batch began, so they always agree.
    /// </summary>
    private void WritePending(Pending pending)
    {
        if (pending.Raw.WrittenCount == 0 && pending.Index.WrittenCount == 0)
        {
            return;
        }

        var index = _index!;
        var raw = _raw!;
        var indexBefore = _indexLength;
        var rawBefore = _rawLength;
        try
        {
            index.Write(pending.Index.WrittenSpan);
            raw.Write(pending.Raw.WrittenSpan);
        }
        catch (IOException)
        {
            TryTruncate(raw, rawBefore);
            TryTruncate(index, indexBefore);
            throw;
        }

        _indexLength += pending.Index.WrittenCount;
        _rawLength += pending.Raw.WrittenCount;
        _bytesSinceCheck += pending.Raw.WrittenCount;
        owner.CountRawWritten(pending.Raw.WrittenCount);
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
            // Shrinking needs no space; if even that fails, the reader ignores index records past the raw file's end.
        }
    }

    private void EnsureOpen(Pending pending, DateTimeOffset at)
    {
        if (_raw is not null)
        {
            return;
        }

        PrivateFiles.EnsureDirectory(Directory);
        _raw = PrivateFiles.OpenAppend(CurrentPath);
        _rawLength = _raw.Length;
        TrimIndex(_rawLength);
        _index = PrivateFiles.OpenAppend(IndexPath);
        _indexLength = _index.Length;
        _rawNode = FileNode.Of(CurrentPath);
        _indexNode = FileNode.Of(IndexPath);
        owner.NoteDirectory();
        _firstAt = _rawLength > 0 ? FirstRecordTime() ?? File.GetLastWriteTimeUtc(CurrentPath) : null;
        _lastMarkAt = null; // the next chunk gets a mark: its time is not known from the file
        if (!_openedBefore && _rawLength > 0)
        {
            AddGap(pending, at, RestartGap);
        }

        _openedBefore = true;
    }

    private DateTimeOffset? FirstRecordTime() => RawIndexFormat.ReadAll(IndexPath).FirstOrDefault()?.At;

    /// <summary>
    /// Makes the index agree with the raw file after a crash: records past the raw file's end (index written, bytes
    /// not) and a record cut short are dropped, so the bytes appended next are not described by stale records.
    /// </summary>
    private void TrimIndex(long rawLength)
    {
        var path = IndexPath;
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return;
        }

        var records = RawIndexFormat.ReadAll(path);
        var keep = records.Where(r => r.Offset < rawLength || r.Offset == rawLength && r.Gap is not null).ToList();
        if (keep.Count == records.Count && TranscriptParts.EndsWithNewline(path))
        {
            return;
        }

        var temporary = path + ".tmp";
        using (var stream = PrivateFiles.Create(temporary))
        {
            foreach (var record in keep)
            {
                stream.Write(record.Gap is null
                    ? RawIndexFormat.Mark(record.Offset, record.At)
                    : RawIndexFormat.Gap(record.Offset, record.At, record.Gap));
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>current.raw and its index become a gzipped part pair; a new current.raw starts with the chunk received at <paramref name="nextAt"/>.</summary>
    private void Rotate(DateTimeOffset nextAt)
    {
        if (ChangedOnDisk() is { } what)
        {
            // Nothing left to rotate: both streams are recreated, with their gaps (the caller goes on writing).
            owner.Recreate(nextAt, what);
            return;
        }

        var firstAt = _firstAt ?? nextAt;
        Close();
        var index = IndexPath;
        var plain = TranscriptParts.RotateCurrent(Directory, firstAt, TranscriptFileKind.Raw, part =>
        {
            // The index moves first: a crash in between leaves bytes without marks, never marks for other bytes.
            if (File.Exists(index))
            {
                File.Move(index, TranscriptFileKind.IndexOf(part), overwrite: true);
            }
        });
        _firstAt = nextAt; // where the part just rotated ends, for the retention sweep
        foreach (var file in new[] { plain, TranscriptFileKind.IndexOf(plain) })
        {
            try
            {
                if (File.Exists(file))
                {
                    TranscriptParts.Compress(file);
                }
            }
            catch (IOException ex)
            {
                owner.ReportError($"Transcript of console {owner.Console}: compressing {file} failed: {ex.Message}. It stays uncompressed for now.");
            }
        }

        SweepRetention();
    }

    /// <summary>Deletes raw parts (with their index) that ended before the retention period; compresses plain leftovers.</summary>
    public void SweepRetention()
    {
        var parts = TranscriptParts.List(Directory, TranscriptFileKind.Raw);
        var horizon = options.Clock.GetUtcNow() - options.Retention;
        for (var i = 0; i < parts.Count; i++)
        {
            var end = i + 1 < parts.Count ? parts[i + 1].Start : _firstAt ?? File.GetLastWriteTimeUtc(parts[i].Path);
            var stem = parts[i].Compressed ? parts[i].Path[..^3] : parts[i].Path;
            var index = TranscriptFileKind.IndexOf(stem);
            try
            {
                if (end < horizon)
                {
                    File.Delete(parts[i].Path);
                    File.Delete(index);
                    File.Delete(index + ".gz");
                    continue;
                }

                if (!parts[i].Compressed)
                {
                    TranscriptParts.Compress(parts[i].Path);
                }

                if (File.Exists(index))
                {
                    TranscriptParts.Compress(index);
                }
            }
            catch (IOException ex)
            {
                owner.ReportError($"Transcript of console {owner.Console}: maintenance of {parts[i].Path} failed: {ex.Message}.");
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
        owner.ReportError($"Raw transcript of console {owner.Console}: writing {CurrentPath} failed: {ex.Message}. " +
            (full ? "The disk is full: free space on it; " : "Check the directory's permissions and file system; ") +
            "bytes are counted as lost and writing resumes by itself.");
        owner.SetRawFailing(true);
    }

    private void Recovered()
    {
        _failures = 0;
        _failing = false;
        owner.SetRawFailing(false);
    }

    /// <summary>What was deleted or replaced of the open raw files, or null when they are still on disk.</summary>
    public string? ChangedOnDisk() =>
        _raw is null ? null
        : FileNode.Of(CurrentPath) != _rawNode ? $"{CurrentPath} was deleted or replaced"
        : FileNode.Of(IndexPath) != _indexNode ? $"{IndexPath} was deleted or replaced"
        : null;

    /// <summary>The files were found on disk: what was written so far is safe.</summary>
    public void Verified() => _bytesSinceCheck = 0;

    /// <summary>Bytes written since the files were last found on disk (lost when they were deleted meanwhile).</summary>
    public long TakeBytesSinceCheck()
    {
        var bytes = _bytesSinceCheck;
        _bytesSinceCheck = 0;
        _firstAt = null;
        return bytes;
    }

    public void Close()
    {
        foreach (var stream in new[] { _index, _raw })
        {
            try
            {
                stream?.Dispose();
            }
            catch (IOException)
            {
                // Nothing is buffered (no FileStream buffer), so closing loses nothing.
            }
        }

        _raw = null;
        _index = null;
    }
}
