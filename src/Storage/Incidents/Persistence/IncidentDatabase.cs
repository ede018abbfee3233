using LiteDB;
using SolWatch.Storage.Files;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>
/// The LiteDB file: collection, indexes, id allocation and durable batch commits. Not thread-safe by design:
/// <see cref="IncidentStore"/> serializes every call (LiteDB binds transactions to the calling thread).
/// </summary>
/// <remarks>
/// How LiteDB 5.0.21 makes a commit durable, and what we add: a transaction's pages are appended to the
/// write-ahead log <c>NAME-log.db</c> at commit, page by page with write(2) (the log FileStream's 8 KiB buffer
/// equals the page size, so .NET writes each page straight through), the last page flagged "confirmed". From that
/// moment the commit survives <c>kill -9</c>: the bytes are in the kernel's page cache, and on the next open
/// LiteDB replays confirmed transactions from the log (RestoreIndex) and ignores an unconfirmed tail. LiteDB does
/// not fsync the log, though, so a power loss or kernel crash of the daemon's host could still lose it; we fsync
/// the log after each batch commit before acknowledging it. Only <c>Checkpoint()</c> copies the log into the data
/// file (and fsyncs that); it runs every <see cref="IncidentStoreOptions.CheckpointInterval"/>, on close, and by
/// LiteDB itself when the log passes 1000 pages. We use <c>Connection=direct</c>: one engine kept open for the
/// daemon's life ("shared" reopens the file around every call and takes a system-wide mutex, for desktop apps).
/// </remarks>
internal sealed class IncidentDatabase : IDisposable
{
    public const string CollectionName = "incidents";

    private readonly LiteDatabase _database;
    private readonly string _logPath;

    private IncidentDatabase(LiteDatabase database, string logPath)
    {
        _database = database;
        _logPath = logPath;
        Incidents = database.GetCollection<IncidentDocument>(CollectionName);
        Raw = database.GetCollection(CollectionName);
    }

    public ILiteCollection<IncidentDocument> Incidents { get; }

    public ILiteCollection<BsonDocument> Raw { get; }

    public static IncidentDatabase Open(string fullPath, BsonMapper mapper)
    {
        // Created 0600 before LiteDB sees it: LiteDB would create it with the umask's mode.
        PrivateFiles.EnsureFile(fullPath);
        var connection = new ConnectionString
        {
            Filename = fullPath,
            Connection = ConnectionType.Direct,
            Upgrade = false,
        };
        var database = new LiteDatabase(connection, mapper);
        try
        {
            var logPath = LogPath(fullPath);
            var store = new IncidentDatabase(database, logPath);
            store.EnsureIndexes();
            if (File.Exists(logPath))
            {
                PrivateFiles.SetMode(logPath, PrivateFiles.FileMode);
            }

            return store;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>LiteDB's log file name: <c>dir/NAME-log.EXT</c>.</summary>
    public static string LogPath(string fullPath) =>
        Path.Combine(
            Path.GetDirectoryName(fullPath) ?? ".",
            Path.GetFileNameWithoutExtension(fullPath) + "-log" + Path.GetExtension(fullPath));

    private void EnsureIndexes()
    {
        // The fields every query filters on; names are stable (they live in the file).
        Raw.EnsureIndex("Console", "$.Console");
        Raw.EnsureIndex("FirstLineAt", "$.FirstLineAtTicks");
        Raw.EnsureIndex("Kind", "$.Report.Kind");
        Raw.EnsureIndex("Fingerprint", "$.Report.Fingerprint");
    }

    /// <summary>The highest id stored, or 0.</summary>
    public long MaxId()
    {
        var top = Raw.Query().OrderByDescending("$._id").Select("$._id").Limit(1).FirstOrDefault();
        return top is null ? 0 : top["_id"].AsInt64;
    }

    /// <summary>
    /// Inserts the documents in one transaction and makes it durable. Ids already present (a batch whose commit
    /// reached the log before a later step failed) are skipped, so a retried batch is never stored twice.
    /// </summary>
    public void InsertDurably(IReadOnlyList<IncidentDocument> documents)
    {
        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("A LiteDB transaction was left open on the writer thread.");
        }

        try
        {
            foreach (var document in documents)
            {
                if (Raw.FindById(document.Id) is null)
                {
                    Incidents.Insert(document);
                }
            }

            _database.Commit();
        }
        catch
        {
            TryRollback();
            throw;
        }

        FsyncLog();
    }

    private void TryRollback()
    {
        try
        {
            _database.Rollback();
        }
        catch (Exception)
        {
            // The engine closes itself on an I/O error; there is nothing left to roll back then.
        }
    }

    private void FsyncLog()
    {
        if (!File.Exists(_logPath))
        {
            return; // LiteDB checkpointed the log away already: the data file is fsynced.
        }

        // fsync is per file, not per descriptor: flushing our own handle flushes LiteDB's writes too.
        using var log = new FileStream(_logPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        log.Flush(flushToDisk: true);
    }

    public void Checkpoint() => _database.Checkpoint();

    public void Dispose() => _database.Dispose();
}
