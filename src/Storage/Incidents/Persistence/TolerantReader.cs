using LiteDB;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>
/// Reads every incident a possibly damaged file still gives. The fast path walks the id index; when LiteDB throws
/// part way (a damaged page), the ids not read yet are fetched one by one up to the highest id ever given, and each
/// one that throws is reported as unreadable instead of failing the whole read.
/// </summary>
internal static class TolerantReader
{
    /// <summary>Every readable incident document in id order; <paramref name="unreadable"/> collects what is not.</summary>
    public static IEnumerable<BsonDocument> ReadAll(IncidentDatabase database, List<UnreadableRecord> unreadable)
    {
        var seen = new HashSet<long>();
        var damaged = false;
        using (var cursor = database.Raw.Query().OrderBy("$._id").ToEnumerable().GetEnumerator())
        {
            while (true)
            {
                BsonDocument document;
                try
                {
                    if (!cursor.MoveNext())
                    {
                        break;
                    }

                    document = cursor.Current;
                    if (!document["_id"].IsNumber)
                    {
                        throw new LiteException(0, "an incident without a numeric id");
                    }
                }
                catch (Exception ex) when (IsDamage(ex))
                {
                    damaged = true;
                    break;
                }

                seen.Add(document["_id"].AsInt64);
                yield return document;
            }
        }

        if (!damaged)
        {
            yield break;
        }

        database.ReopenAfterDamage();
        var last = HighestId(database, seen);
        for (long id = 1; id <= last; id++)
        {
            if (seen.Contains(id))
            {
                continue;
            }

            BsonDocument? document;
            try
            {
                document = database.Raw.FindById(id);
            }
            catch (Exception ex) when (IsDamage(ex))
            {
                unreadable.Add(new UnreadableRecord(id, ex.Message));
                database.ReopenAfterDamage();
                continue;
            }

            if (document is not null)
            {
                yield return document;
            }
        }
    }

    /// <summary>What a damaged file throws, as opposed to a failing file system (which a reader must not hide).</summary>
    /// LiteDB reports a page that is not what its pointers say as INVALID_DATAFILE_STATE: damage here (the writer
    /// also reopens the engine on it, since a failed write can leave the engine in that state).
    public static bool IsDamage(Exception ex) =>
        ex is EndOfStreamException || ex is not (IOException or UnauthorizedAccessException or ObjectDisposedException);

    private static long HighestId(IncidentDatabase database, HashSet<long> seen)
    {
        long last = seen.Count == 0 ? 0 : seen.Max();
        try
        {
            last = Math.Max(last, database.RecordedLastId() ?? 0);
        }
        catch (Exception ex) when (ex is not ObjectDisposedException)
        {
            // The marker's page is damaged too: the index may still say.
            database.ReopenAfterDamage();
        }

        try
        {
            last = Math.Max(last, database.MaxId());
        }
        catch (Exception ex) when (ex is not ObjectDisposedException)
        {
            // Newest document unreadable: the walk stops at what else is known.
            database.ReopenAfterDamage();
        }

        return last;
    }

    /// <summary>Maps a raw document; one that does not map (a damaged field) is reported, not thrown.</summary>
    public static Incident? TryMap(BsonMapper mapper, BsonDocument document, List<UnreadableRecord> unreadable)
    {
        try
        {
            return IncidentMapping.ToIncident(mapper, document);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            unreadable.Add(new UnreadableRecord(document["_id"].IsNumber ? document["_id"].AsInt64 : 0, ex.Message));
            return null;
        }
    }
}
