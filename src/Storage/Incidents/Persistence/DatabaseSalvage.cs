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
        // The collections beside the incidents (kdump readiness, hardware events) are copied too: compaction must not
        // drop them. What a damaged page hides of them is skipped; they are not incidents and are not counted.
        foreach (var name in new[] { IncidentDatabase.ReadinessCollection, IncidentDatabase.HardwareCollection })
        {
            try
            {
                target.CopyCollection(name, [.. source.RawCollection(name).FindAll()]);
            }
            catch (Exception ex) when (TolerantReader.IsDamage(ex))
            {
                // Skipped: see above.
            }
        }

        target.Checkpoint();
        return (copied, unreadable);
    }
}
