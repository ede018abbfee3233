using LiteDB;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>
/// Copies every incident a database still gives into a fresh one: how <c>solwatch db rebuild</c> salvages a damaged
/// file, and how retention compacts the file (LiteDB 5 never gives freed pages back to the file system).
/// </summary>
internal static class DatabaseSalvage
{
    private const int BatchSize = 256;

    /// <summary>Copies; returns how many incidents were copied and which could not be read.</summary>
    public static (long Copied, List<UnreadableRecord> Unreadable) Copy(IncidentDatabase source, IncidentDatabase target, BsonMapper mapper)
    {
        var unreadable = new List<UnreadableRecord>();
        var batch = new List<BsonDocument>(BatchSize);
        long copied = 0;
        long lastId = 0;
        foreach (var document in TolerantReader.ReadAll(source, unreadable))
        {
            // Only documents that map back to an incident are saved: a damaged one would break every later read.
            if (TolerantReader.TryMap(mapper, document, unreadable) is null)
            {
                continue;
            }

            batch.Add(document);
            lastId = Math.Max(lastId, document["_id"].AsInt64);
            if (batch.Count == BatchSize)
            {
                target.CopyDurably(batch, lastId);
                copied += batch.Count;
                batch.Clear();
            }
        }

        try
        {
            lastId = Math.Max(lastId, source.RecordedLastId() ?? 0);
        }
        catch (Exception ex) when (TolerantReader.IsDamage(ex))
        {
            // Ids stay increasing from the highest copied (or unreadable) one.
        }

        lastId = Math.Max(lastId, unreadable.Count == 0 ? 0 : unreadable.Max(u => u.Id));
        target.CopyDurably(batch, lastId);
        copied += batch.Count;
        // The consoles' kdump readiness (the fleet view's ARMED column) is not an incident, but is kept the same way.
        target.WriteDurably([], [], lastId, ReadableReadiness(source));
        target.Checkpoint();
        return (copied, unreadable);
    }

    // Every readiness record that still reads; a damaged one is left behind (the console's next boot says it again).
    private static List<ReadinessDocument> ReadableReadiness(IncidentDatabase source)
    {
        var readable = new List<ReadinessDocument>();
        try
        {
            foreach (var document in source.Readiness.FindAll())
            {
                if (!string.IsNullOrEmpty(document.Id))
                {
                    readable.Add(document);
                }
            }
        }
        catch (Exception ex) when (TolerantReader.IsDamage(ex))
        {
            // What was read before the damage is kept.
        }

        return readable;
    }
}
