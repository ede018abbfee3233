using LiteDB;
using SolWatch.Storage.Incidents.Persistence;

namespace SolWatch.Storage.Incidents;

/// <summary>Retention: incidents older than the maximum age, and the oldest ones while the file is too big.</summary>
public sealed partial class IncidentStore
{
    // What one run deleted, for tests and the log.
    internal sealed record RetentionRun(int DeletedForAge, int DeletedForSize, long BytesBefore, long BytesAfter);

    private void ApplyRetention()
    {
        try
        {
            RunRetention(DateTimeOffset.UtcNow);
        }
        catch (Exception ex)
        {
            _lastError = new StoreError(
                $"Retention of {_path} failed: {ex.Message}. Nothing was lost; it runs again in {_options.RetentionInterval}.",
                DateTimeOffset.UtcNow);
            CloseAfterFailure();
        }
    }

    /// <summary>
    /// Deletes what retention says, under the gate every write takes (so it is one more step of the single writer,
    /// never concurrent with a batch): first incidents whose last occurrence is older than the maximum age; then,
    /// while the file is over its size, the oldest incidents that did not panic (a panic is the last thing to go),
    /// then the oldest panicked ones; the file is compacted after deleting, since LiteDB keeps freed pages.
    /// </summary>
    internal RetentionRun RunRetention(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_disposed != 0)
            {
                return new RetentionRun(0, 0, 0, 0);
            }

            var database = Database();
            var before = database.SizeInBytes;
            var forAge = 0;
            if (_options.MaxAge is { } maxAge)
            {
                var cutoff = (now - maxAge).UtcTicks;
                var expired = database.Raw.Query()
                    .Where(BsonExpression.Create("$.FirstLineAtTicks < @0", new BsonValue(cutoff)))
                    .Select("{ Id: $._id, Seen: $.LastSeenAtTicks }")
                    .ToEnumerable()
                    .Where(row => !row["Seen"].IsNumber || row["Seen"].AsInt64 < cutoff)
                    .Select(row => row["Id"].AsInt64)
                    .ToList();
                forAge = database.Delete(expired);
                // Hardware events age out with the incidents (they are not counted as incidents deleted).
                database.DeleteHardwareBefore(cutoff);
            }

            var forSize = 0;
            if (_options.MaxDatabaseBytes is { } max && database.SizeInBytes > max)
            {
                CompactLocked();
                for (var round = 0; round < 4 && Database().SizeInBytes > max; round++)
                {
                    database = Database();
                    var deleted = database.Delete(OldestFirst(database, database.SizeInBytes - (max * 9 / 10)));
                    if (deleted == 0)
                    {
                        break;
                    }

                    forSize += deleted;
                    CompactLocked();
                }
            }
            else if (forAge > 0)
            {
                CompactLocked();
            }

            var after = Database().SizeInBytes;
            Interlocked.Add(ref _retentionDeleted, forAge + forSize);
            if (forAge + forSize > 0)
            {
                Say($"Retention deleted {forAge + forSize} incident(s) from {_path} ({forAge} older than " +
                    $"{_options.MaxAge?.TotalDays:0.#} days, {forSize} for the size limit of {_options.MaxDatabaseBytes / (1024 * 1024)} MB); " +
                    $"{before / 1024} KiB -> {after / 1024} KiB.");
            }

            return new RetentionRun(forAge, forSize, before, after);
        }
    }

    /// <summary>
    /// Ids to delete to free about <paramref name="bytes"/>, counting each incident at its average share of the
    /// compacted file (pages, indexes and all): oldest non-panicked first, then oldest panicked.
    /// </summary>
    private static List<long> OldestFirst(IncidentDatabase database, long bytes)
    {
        var count = database.Raw.LongCount();
        if (count == 0)
        {
            return [];
        }

        var share = Math.Max(1, database.SizeInBytes / count);
        var wanted = (bytes + share - 1) / share;
        var victims = new List<long>();

        // One pass in time order (the index): non-panicked ones are taken as they come, panicked ones set aside
        // and taken, oldest first, only if deleting every non-panicked incident is not enough.
        var panics = new List<long>();
        foreach (var row in database.Raw.Query().OrderBy("$.FirstLineAtTicks").Select("{ Id: $._id, Panicked: $.Report.Panicked }").ToEnumerable())
        {
            if (victims.Count >= wanted)
            {
                return victims;
            }

            if (row["Panicked"].IsBoolean && row["Panicked"].AsBoolean)
            {
                panics.Add(row["Id"].AsInt64);
            }
            else
            {
                victims.Add(row["Id"].AsInt64);
            }
        }

        victims.AddRange(panics.Take((int)Math.Max(0, wanted - victims.Count)));
        return victims;
    }

    /// <summary>
    /// Rewrites the file without its free pages: checkpoint, copy every incident into NAME.compacting, drop the
    /// (checkpointed, so redundant) log, rename the copy over the file. A crash at any step leaves a complete file.
    /// </summary>
    private void CompactLocked()
    {
        var database = Database();
        database.Checkpoint();
        database.Dispose();
        _database = null;

        var temp = _path + ".compacting";
        DeleteWithLog(temp);
        long copied;
        List<UnreadableRecord> unreadable;
        using (var source = IncidentDatabase.OpenReadOnly(_path, _mapper))
        using (var target = IncidentDatabase.Open(temp, _mapper))
        {
            (copied, unreadable) = source is null ? (0, []) : DatabaseSalvage.Copy(source, target, _mapper);
        }

        if (unreadable.Count > 0)
        {
            // Never let compaction drop what a damaged page hides: keep the file as it is and say so.
            DeleteWithLog(temp);
            throw new DatabaseFileException(
                $"{unreadable.Count} incident(s) of {_path} are unreadable; not compacted. Run `solwatch db rebuild --db {_path}`.");
        }

        File.Delete(IncidentDatabase.LogPath(_path));
        File.Move(temp, _path, overwrite: true);
        File.Delete(IncidentDatabase.LogPath(temp));
        _ = copied;
    }

    private static void DeleteWithLog(string path)
    {
        File.Delete(path);
        File.Delete(IncidentDatabase.LogPath(path));
    }
}
