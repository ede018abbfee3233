namespace SolWatch.Storage.Transcripts;

/// <summary>
/// Reads one console's raw transcript back: rotated parts oldest first, then <c>current.raw</c>, each with its index.
/// Bytes come out exactly as written, cut into <see cref="RawSegment"/>s at the index's marks (and at most
/// <see cref="MaxSegmentBytes"/> long); gaps come out where they were recorded.
/// </summary>
/// <remarks>
/// Time filters work on marks: the bytes after a mark arrived within <see cref="RawIndexFormat.MarkInterval"/> of it,
/// so <c>since</c>/<c>until</c> are honoured to within that interval and never cut between two marks.
/// </remarks>
internal static class RawTranscriptReader
{
    public const int MaxSegmentBytes = 64 * 1024;

    public static IEnumerable<RawSegment> Read(string directory, DateTimeOffset? since, DateTimeOffset? until)
    {
        var parts = TranscriptParts.List(directory, TranscriptFileKind.Raw);
        var files = new List<(string Raw, bool Compressed)>(parts.Count + 1);
        for (var i = 0; i < parts.Count; i++)
        {
            if (until is { } u && parts[i].Start > u)
            {
                break; // named after its first byte's time (whole seconds, rounded down): everything later is too late
            }

            // Part i's bytes arrived before part i+1's first byte (< its name + 1 s); a mark covers 1 s more.
            if (since is { } s && i + 1 < parts.Count && parts[i + 1].Start.AddSeconds(2) <= s)
            {
                continue;
            }

            files.Add((parts[i].Path, parts[i].Compressed));
        }

        if (until is not { } last || parts.Count == 0 || parts[^1].Start <= last)
        {
            files.Add((Path.Combine(directory, TranscriptFileKind.Raw.CurrentName), false));
        }

        foreach (var (raw, compressed) in files)
        {
            foreach (var segment in ReadFile(raw, compressed, since, until))
            {
                yield return segment;
            }
        }
    }

    private static IEnumerable<RawSegment> ReadFile(string path, bool compressed, DateTimeOffset? since, DateTimeOffset? until)
    {
        Stream stream;
        long length;
        try
        {
            // The length first, then the index: the writer writes marks before bytes, so every byte up to this
            // length has its marks in the index read next. Bytes appended meanwhile wait for the next read.
            length = compressed ? long.MaxValue : new FileInfo(path).Length;
            stream = TranscriptParts.OpenBinary(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // No raw transcript yet, or a part compressed since listing (its .gz twin holds the same bytes).
            if (compressed || !path.EndsWith(TranscriptFileKind.Raw.Extension, StringComparison.Ordinal) || !File.Exists(path + ".gz"))
            {
                yield break;
            }

            (path, compressed, length) = (path + ".gz", true, long.MaxValue);
            stream = TranscriptParts.OpenBinary(path);
        }

        using (stream)
        {
            var stem = compressed ? path[..^3] : path;
            var index = TranscriptFileKind.IndexOf(stem);
            var records = RawIndexFormat.ReadAll(index)
                .Where(r => r.Offset < length || r.Offset == length && r.Gap is not null)
                .ToList();
            var position = 0L;
            DateTimeOffset? at = null;
            foreach (var record in records)
            {
                if (record.Offset > position)
                {
                    foreach (var segment in Copy(stream, record.Offset - position, at, Wanted(at, since, until)))
                    {
                        yield return segment;
                    }

                    position = record.Offset;
                }

                if (record.Gap is null)
                {
                    at = record.At;
                }
                else if ((since is null || record.At >= since) && (until is null || record.At <= until))
                {
                    yield return new RawSegment(record.At, [], record.Gap);
                }
            }

            foreach (var segment in Copy(stream, length - position, at, Wanted(at, since, until)))
            {
                yield return segment;
            }
        }
    }

    /// <summary>Bytes after a mark at <paramref name="at"/> arrived in [at, at + 1 s): wanted if that overlaps the range.</summary>
    private static bool Wanted(DateTimeOffset? at, DateTimeOffset? since, DateTimeOffset? until) =>
        at is { } t
            ? (since is null || t + RawIndexFormat.MarkInterval > since) && (until is null || t <= until)
            : since is null && until is null;

    /// <summary>Reads up to <paramref name="count"/> bytes (to the end for an unknown length), yielding them or skipping them.</summary>
    private static IEnumerable<RawSegment> Copy(Stream stream, long count, DateTimeOffset? at, bool wanted)
    {
        var buffer = new byte[(int)Math.Min(MaxSegmentBytes, Math.Max(1, count))];
        while (count > 0)
        {
            var read = stream.ReadAtLeast(buffer.AsSpan(0, (int)Math.Min(buffer.Length, count)), 1, throwOnEndOfStream: false);
            if (read == 0)
            {
                yield break; // the file is shorter than its index says (cut back after a failed write)
            }

            count -= read;
            if (wanted)
            {
                yield return new RawSegment(at, buffer[..read]);
            }
        }
    }
}
