using System.Globalization;
using SolWatch.Storage.Incidents.Persistence;

namespace SolWatch.Storage.Incidents;

/// <summary>What <see cref="DatabaseMaintenance.Check"/> found.</summary>
/// <param name="Path">The file checked.</param>
/// <param name="Ok">True when the file is a sound SolWatch database (or empty) and every incident reads back.</param>
/// <param name="Readable">Incidents that read back.</param>
/// <param name="Unreadable">Incidents that do not.</param>
/// <param name="Summary">One paragraph for an operator: what is wrong and what to do.</param>
public sealed record DatabaseCheckReport(string Path, bool Ok, long Readable, IReadOnlyList<UnreadableRecord> Unreadable, string Summary);

/// <summary>What <see cref="DatabaseMaintenance.Rebuild"/> did.</summary>
/// <param name="Source">The damaged file (never modified).</param>
/// <param name="Output">The fresh database now holding every incident that could be read.</param>
/// <param name="DamagedKeptAs">Where the damaged file was moved (rebuilding in place), or null when written elsewhere.</param>
/// <param name="Saved">Incidents copied.</param>
/// <param name="Lost">Incidents that could not be read.</param>
/// <param name="FileDamage">
/// What was wrong with the source as a whole ("a LiteDB database cut short (…)"): incidents stored in a part of the
/// file that is gone cannot be counted in <paramref name="Lost"/>. Null when nothing is known to be.
/// </param>
public sealed record DatabaseRebuildReport(
    string Source, string Output, string? DamagedKeptAs, long Saved, IReadOnlyList<UnreadableRecord> Lost, string? FileDamage = null);

/// <summary><c>solwatch db check</c> and <c>solwatch db rebuild</c>: looking at a database file, and salvaging a damaged one.</summary>
public static class DatabaseMaintenance
{
    /// <summary>
    /// What the file is when it is not a LiteDB database at all ("a text file", "a PNG image"), judged from its first
    /// bytes without opening it as a database; null for a missing or empty file or a LiteDB file (sound or not).
    /// </summary>
    /// <param name="path">The file.</param>
    public static string? DescribeForeign(string path)
    {
        var (kind, description) = DatabaseFileFormat.Inspect(System.IO.Path.GetFullPath(path));
        return kind == DatabaseFileKind.Foreign ? description : null;
    }

    /// <summary>Reads every incident of the file (read-only) and says whether it is sound.</summary>
    /// <param name="path">The database file.</param>
    /// <exception cref="StoreUnavailableException">A running daemon holds the file.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static DatabaseCheckReport Check(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var (kind, description) = DatabaseFileFormat.Inspect(fullPath);
        switch (kind)
        {
            case DatabaseFileKind.Missing:
                throw new FileNotFoundException($"no database file at {fullPath}", fullPath);
            case DatabaseFileKind.Empty:
                return new DatabaseCheckReport(fullPath, true, 0, [], $"{fullPath}: OK, an empty file (the daemon makes it a database)");
            case DatabaseFileKind.Foreign:
                return new DatabaseCheckReport(fullPath, false, 0, [], DatabaseFileFormat.NotOursToCheck(fullPath, description));
        }

        using var databaseLock = IncidentFileReader.TryLock(fullPath);
        IncidentDatabase? database;
        try
        {
            database = IncidentDatabase.OpenReadOnly(fullPath, IncidentMapping.CreateMapper());
        }
        catch (DatabaseFileException ex)
        {
            return new DatabaseCheckReport(fullPath, false, 0, [], ex.Message);
        }

        using (database)
        {
            var mapper = IncidentMapping.CreateMapper();
            var unreadable = new List<UnreadableRecord>();
            long readable = 0;
            if (database is not null)
            {
                foreach (var document in TolerantReader.ReadAll(database, unreadable))
                {
                    readable += TolerantReader.TryMap(mapper, document, unreadable) is null ? 0 : 1;
                }
            }

            var ok = kind == DatabaseFileKind.LiteDb && unreadable.Count == 0;
            var summary = ok
                ? $"{fullPath}: OK, {readable} incident(s), all readable"
                : $"{fullPath}: DAMAGED{(kind == DatabaseFileKind.Truncated ? $" ({description})" : "")}: {readable} incident(s) " +
                  $"readable, {unreadable.Count} unreadable" +
                  (unreadable.Count > 0 ? $" (ids {string.Join(", ", unreadable.Take(50).Select(u => u.Id))}{(unreadable.Count > 50 ? ", …" : "")})" : "") +
                  $". Run `solwatch db rebuild --db {fullPath}` to copy every readable incident into a fresh database " +
                  "(the damaged file is kept beside it).";
            return new DatabaseCheckReport(fullPath, ok, readable, unreadable, summary);
        }
    }

    /// <summary>
    /// Copies every incident the file still gives into a fresh database. The damaged file is never modified: with no
    /// <paramref name="output"/> it is renamed <c>FILE.damaged-TIMESTAMP</c> (its log too) and the fresh database
    /// takes its name; with one, the fresh database is written there and the original stays where it is.
    /// </summary>
    /// <param name="path">The damaged database.</param>
    /// <param name="output">Where to write the fresh database (must not exist, or be empty); null: in place.</param>
    /// <param name="now">Names the kept damaged file.</param>
    /// <exception cref="StoreUnavailableException">A running daemon holds the file.</exception>
    /// <exception cref="DatabaseFileException">Not a SolWatch database, or nothing can be read from it.</exception>
    public static DatabaseRebuildReport Rebuild(string path, string? output, DateTimeOffset now)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"no database file at {fullPath}", fullPath);
        }

        var target = output is null ? fullPath + ".rebuilding" : System.IO.Path.GetFullPath(output);
        if (output is not null && File.Exists(target) && new FileInfo(target).Length > 0)
        {
            throw new DatabaseFileException($"{target} exists; rebuild writes a new database: give -o a path that does not exist");
        }

        if (target == fullPath)
        {
            throw new DatabaseFileException("-o must name another file than --db: the damaged original is never modified");
        }

        var mapper = IncidentMapping.CreateMapper();
        using var databaseLock = IncidentFileReader.TryLock(fullPath);
        long saved;
        List<UnreadableRecord> lost;
        string? fileDamage;
        using (var source = IncidentDatabase.OpenReadOnly(fullPath, mapper))
        {
            fileDamage = source?.FileDamage;
            File.Delete(target);
            File.Delete(IncidentDatabase.LogPath(target));
            using var fresh = IncidentDatabase.Open(target, mapper);
            (saved, lost) = source is null ? (0L, []) : DatabaseSalvage.Copy(source, fresh, mapper);
        }

        DeleteEmptyLog(target);
        if (output is not null)
        {
            return new DatabaseRebuildReport(fullPath, target, null, saved, lost, fileDamage);
        }

        var kept = $"{fullPath}.damaged-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        File.Move(fullPath, kept);
        var log = IncidentDatabase.LogPath(fullPath);
        if (File.Exists(log))
        {
            File.Move(log, IncidentDatabase.LogPath(kept)); // where LiteDB looks for the kept file's log
        }

        File.Move(target, fullPath);
        return new DatabaseRebuildReport(fullPath, fullPath, kept, saved, lost, fileDamage);
    }

    private static void DeleteEmptyLog(string path)
    {
        var log = IncidentDatabase.LogPath(path);
        if (File.Exists(log) && new FileInfo(log).Length == 0)
        {
            File.Delete(log);
        }
    }
}
