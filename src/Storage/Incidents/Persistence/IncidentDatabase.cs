using LiteDB;
using LiteDB.Engine;
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
/// <para>We open the data and log files ourselves and hand LiteDB the streams: LiteDB 5.0.21 leaks a file handle on
/// some failure paths (a reader rented by a transaction whose disposal throws on a full disk; its constructor when
/// the disk is full), and the next open then fails with "used by another process" when LiteDB wants the file
/// exclusively to cut a half-written page. Owning the two streams, we close them whatever LiteDB did; LiteDB never
/// opens another handle on them (each of its readers wraps our stream).</para>
/// <para>Before anything is opened, the file's first bytes are checked: a file that is neither empty nor a LiteDB 5
/// database, or a LiteDB database of another application, is refused and never overwritten.</para>
/// </remarks>
internal sealed class IncidentDatabase : IDisposable
{
    public const string CollectionName = "incidents";

    /// <summary>Each console's kdump readiness, learned from its last boot (one document per console).</summary>
    public const string ReadinessCollection = "kdump_readiness";

    /// <summary>Hardware events (corrected and fatal machine checks, EDAC, GHES): never incidents, stored apart.</summary>
    public const string HardwareCollection = "hardware_events";

    /// <summary>The collection that marks a file as a SolWatch database (one document, id "database").</summary>
    public const string MarkerCollection = "solwatch";

    private const string MarkerId = "database";

    private LiteDatabase _database;
    private Stream _data;
    private Stream? _log;

    // What a read-only database needs to open its engine again after damage closed it (see ReopenAfterDamage).
    private readonly string? _fullPath;
    private readonly DatabaseFileKind _kind;
    private readonly BsonMapper? _mapper;

    private IncidentDatabase(LiteDatabase database, Stream data, Stream? log, bool readOnly, string? fullPath = null,
        DatabaseFileKind kind = DatabaseFileKind.LiteDb, BsonMapper? mapper = null)
    {
        _database = database;
        _data = data;
        _log = log;
        ReadOnly = readOnly;
        _fullPath = fullPath;
        _kind = kind;
        _mapper = mapper;
        Incidents = database.GetCollection<IncidentDocument>(CollectionName);
        Raw = database.GetCollection(CollectionName);
        Readiness = database.GetCollection<ReadinessDocument>(ReadinessCollection);
        Hardware = database.GetCollection<HardwareDocument>(HardwareCollection);
    }

    public ILiteCollection<HardwareDocument> Hardware { get; private set; }

    public ILiteCollection<ReadinessDocument> Readiness { get; private set; }

    public ILiteCollection<IncidentDocument> Incidents { get; private set; }

    public ILiteCollection<BsonDocument> Raw { get; private set; }

    public bool ReadOnly { get; }

    /// <summary>What is wrong with the file as a whole (cut short), null when nothing is known to be.</summary>
    public string? FileDamage { get; private set; }

    /// <summary>Opens the file for the store (creating it when missing or empty).</summary>
    /// <exception cref="DatabaseFileException">The file is not a SolWatch database, or cannot be opened.</exception>
    public static IncidentDatabase Open(string fullPath, BsonMapper mapper)
    {
        var (kind, description) = DatabaseFileFormat.Inspect(fullPath);
        switch (kind)
        {
            case DatabaseFileKind.Foreign:
                throw new DatabaseFileException(DatabaseFileFormat.NotOurs(fullPath, description));
            case DatabaseFileKind.Truncated:
                throw new DatabaseFileException(DatabaseFileFormat.Damaged(fullPath, description));
        }

        // Created 0600 before LiteDB sees it: LiteDB would create it with the umask's mode.
        PrivateFiles.EnsureFile(fullPath);
        var logPath = LogPath(fullPath);
        var data = new FileStream(fullPath, PrivateFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0));
        FileStream? log = null;
        IncidentDatabase? database = null;
        try
        {
            log = new FileStream(logPath, PrivateFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0));
            PrivateFiles.SetMode(logPath, PrivateFiles.FileMode);
            database = OpenEngine(fullPath, kind, data, log, mapper, readOnly: false);
            database.EnsureSolWatchDatabase(fullPath);
            database.EnsureIndexes();
            return database;
        }
        catch
        {
            // The marker's or an index's first write may fail on a full disk: the engine is closed (and its abandoned
            // transaction disarmed) with the streams, not left to the finalizer.
            if (database is not null)
            {
                try
                {
                    database.Dispose();
                }
                catch (Exception)
                {
                    // Closing a failed engine can fail the same way; the streams are closed regardless.
                }
            }
            else
            {
                log?.Dispose();
                data.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Opens the file for reading only (the CLI on a copied file, <c>db check</c>, <c>db rebuild</c>): nothing in
    /// the file or its log is changed, not even a half-written last page. Null for a missing or empty file.
    /// </summary>
    /// <exception cref="DatabaseFileException">The file is not a SolWatch database, or cannot be opened.</exception>
    public static IncidentDatabase? OpenReadOnly(string fullPath, BsonMapper mapper)
    {
        var (kind, description) = DatabaseFileFormat.Inspect(fullPath);
        switch (kind)
        {
            case DatabaseFileKind.Missing or DatabaseFileKind.Empty:
                return null;
            case DatabaseFileKind.Foreign:
                throw new DatabaseFileException(DatabaseFileFormat.NotOurs(fullPath, description));
            case DatabaseFileKind.Truncated when new FileInfo(fullPath).Length < DatabaseFileFormat.PageSize:
                throw new DatabaseFileException(DatabaseFileFormat.Damaged(fullPath, description) +
                    "; nothing can be salvaged from it without its header page");
        }

        var database = OpenReadOnlyEngine(fullPath, kind, mapper);
        try
        {
            database.FileDamage = kind == DatabaseFileKind.Truncated ? description : null;
            database.EnsureSolWatchDatabase(fullPath);
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// LiteDB closes its engine when a read meets a damaged page (every later call throws ObjectDisposedException),
    /// so a reader that goes on past the damage (TolerantReader, one id at a time) needs a fresh engine: a read-only
    /// database opens one over the same files. A writable database is left to the store's writer, which reopens it
    /// its own way.
    /// </summary>
    public void ReopenAfterDamage()
    {
        if (!ReadOnly || _fullPath is null || _mapper is null)
        {
            return;
        }

        var fresh = OpenReadOnlyEngine(_fullPath, _kind, _mapper);
        CloseEngineAndStreams();
        _database = fresh._database;
        _data = fresh._data;
        _log = fresh._log;
        Incidents = fresh.Incidents;
        Raw = fresh.Raw;
        Readiness = fresh.Readiness;
        Hardware = fresh.Hardware;
    }

    private static IncidentDatabase OpenReadOnlyEngine(string fullPath, DatabaseFileKind kind, BsonMapper mapper)
    {
        var data = new ReadOnlyPageStream(new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0));
        Stream? log = null;
        try
        {
            var logPath = LogPath(fullPath);
            if (File.Exists(logPath) && new FileInfo(logPath).Length >= DatabaseFileFormat.PageSize)
            {
                log = new ReadOnlyPageStream(new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0));
            }

            var engine = OpenLiteEngine(fullPath, kind, data, log ?? new MemoryStream(), readOnly: true);
            return new IncidentDatabase(new LiteDatabase(engine, mapper, disposeOnClose: true), data, log, readOnly: true, fullPath, kind, mapper);
        }
        catch
        {
            log?.Dispose();
            data.Dispose();
            throw;
        }
    }

    private static IncidentDatabase OpenEngine(string fullPath, DatabaseFileKind kind, Stream data, Stream log, BsonMapper mapper, bool readOnly)
    {
        var engine = OpenLiteEngine(fullPath, kind, data, log, readOnly);
        return new IncidentDatabase(new LiteDatabase(engine, mapper, disposeOnClose: true), data, log, readOnly);
    }

    private static LiteEngine OpenLiteEngine(string fullPath, DatabaseFileKind kind, Stream data, Stream log, bool readOnly)
    {
        try
        {
            return new LiteEngine(new EngineSettings
            {
                DataStream = data,
                LogStream = log,
                ReadOnly = readOnly,
                Upgrade = false,
                AutoRebuild = false,
            });
        }
        catch (Exception ex) when (kind != DatabaseFileKind.Empty && kind != DatabaseFileKind.Missing && TolerantReader.IsDamage(ex))
        {
            // The engine closed itself (LiteEngine.Open catches, closes, rethrows); our streams are closed by the caller.
            throw new DatabaseFileException(DatabaseFileFormat.Damaged(fullPath, ex.Message), ex);
        }
    }

    /// <summary>Failures of the file system (full, read-only, gone), worth waiting out, as opposed to the file's content.</summary>
    public static bool IsFileSystemError(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or ObjectDisposedException
        || ex is LiteException { ErrorCode: LiteException.INVALID_DATAFILE_STATE };

    /// <summary>LiteDB's log file name: <c>dir/NAME-log.EXT</c>.</summary>
    public static string LogPath(string fullPath) =>
        Path.Combine(
            Path.GetDirectoryName(fullPath) ?? ".",
            Path.GetFileNameWithoutExtension(fullPath) + "-log" + Path.GetExtension(fullPath));

    /// <summary>
    /// A LiteDB file is ours when it has our marker or our incidents collection (databases written before the
    /// marker existed), or no collection at all (created and never written). Anything else belongs to another
    /// application and is refused. A writable open marks the file.
    /// </summary>
    private void EnsureSolWatchDatabase(string fullPath)
    {
        List<string> names;
        try
        {
            names = [.. _database.GetCollectionNames()];
        }
        catch (Exception ex) when (TolerantReader.IsDamage(ex))
        {
            throw new DatabaseFileException(DatabaseFileFormat.Damaged(fullPath, ex.Message), ex);
        }

        if (names.Count > 0 && !names.Contains(MarkerCollection) && !names.Contains(CollectionName))
        {
            throw new DatabaseFileException(DatabaseFileFormat.NotOurs(
                fullPath, $"a LiteDB database of another application (collections: {string.Join(", ", names.Take(5))})"));
        }

        if (!ReadOnly && !names.Contains(MarkerCollection))
        {
            _database.GetCollection(MarkerCollection).Upsert(new BsonDocument
            {
                ["_id"] = MarkerId,
                ["Application"] = "SolWatch",
                ["Format"] = 1,
                ["LastId"] = MaxId(),
            });
            FsyncLog();
        }
    }

    private void EnsureIndexes()
    {
        // The fields every query filters on; names are stable (they live in the file).
        Raw.EnsureIndex("Console", "$.Console");
        Raw.EnsureIndex("FirstLineAt", "$.FirstLineAtTicks");
        Raw.EnsureIndex("Kind", "$.Report.Kind");
        Raw.EnsureIndex("Fingerprint", "$.Report.Fingerprint");
        Hardware.EnsureIndex("Console", "$.Console");
        Hardware.EnsureIndex("At", "$.AtTicks");
    }

    /// <summary>The highest id stored, or 0.</summary>
    public long MaxId()
    {
        var top = Raw.Query().OrderByDescending("$._id").Select("$._id").Limit(1).FirstOrDefault();
        return top is null ? 0 : top["_id"].AsInt64;
    }

    /// <summary>
    /// The highest id ever given, as recorded in the marker with every batch (so it is known even when the index
    /// or the newest documents cannot be read); null when the file has no marker yet.
    /// </summary>
    public long? RecordedLastId()
    {
        var marker = _database.GetCollection(MarkerCollection).FindById(MarkerId);
        return marker is not null && marker["LastId"].IsNumber ? marker["LastId"].AsInt64 : null;
    }

    /// <summary>
    /// Inserts and updates the documents in one transaction and makes it durable. Ids already present (a batch
    /// whose commit reached the log before a later step failed) are not inserted again, so a retried batch is never
    /// stored twice; the marker records the highest id.
    /// </summary>
    public void WriteDurably(
        IReadOnlyList<IncidentDocument> inserts, IReadOnlyList<IncidentDocument> updates, long lastId,
        IReadOnlyList<ReadinessDocument>? readiness = null, IReadOnlyList<HardwareDocument>? hardware = null)
    {
        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("A LiteDB transaction was left open on the writer thread.");
        }

        try
        {
            foreach (var document in inserts)
            {
                if (Raw.FindById(document.Id) is null)
                {
                    Incidents.Insert(document);
                }
            }

            foreach (var document in updates)
            {
                Incidents.Update(document);
            }

            foreach (var document in readiness ?? [])
            {
                Readiness.Upsert(document);
            }

            // Ids are made when an event is queued, so a batch retried after its commit reached the log adds none twice.
            foreach (var document in hardware ?? [])
            {
                if (Hardware.FindById(document.Id) is null)
                {
                    Hardware.Insert(document);
                }
            }

            _database.GetCollection(MarkerCollection).Upsert(new BsonDocument
            {
                ["_id"] = MarkerId, ["Application"] = "SolWatch", ["Format"] = 1, ["LastId"] = lastId,
            });
            _database.Commit();
        }
        catch
        {
            TryRollback();
            throw;
        }

        FsyncLog();
    }

    /// <summary>The collection <paramref name="name"/> as raw documents.</summary>
    public ILiteCollection<BsonDocument> RawCollection(string name) => _database.GetCollection(name);

    /// <summary>Upserts raw documents (ids kept) into the collection <paramref name="name"/> in one durable transaction.</summary>
    public void CopyCollection(string name, IReadOnlyList<BsonDocument> documents)
    {
        if (documents.Count == 0)
        {
            return;
        }

        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("A LiteDB transaction was left open on the writer thread.");
        }

        try
        {
            var collection = _database.GetCollection(name);
            foreach (var document in documents)
            {
                collection.Upsert(document);
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

    /// <summary>Copies raw incident documents (ids kept) in one durable transaction; records the highest id given.</summary>
    public void CopyDurably(IReadOnlyList<BsonDocument> documents, long lastId)
    {
        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("A LiteDB transaction was left open on the writer thread.");
        }

        try
        {
            foreach (var document in documents)
            {
                Raw.Upsert(document);
            }

            _database.GetCollection(MarkerCollection).Upsert(new BsonDocument
            {
                ["_id"] = MarkerId, ["Application"] = "SolWatch", ["Format"] = 1, ["LastId"] = lastId,
            });
            _database.Commit();
        }
        catch
        {
            TryRollback();
            throw;
        }

        FsyncLog();
    }

    /// <summary>Deletes the hardware events received before <paramref name="cutoffTicks"/> (retention by age), durably.</summary>
    public int DeleteHardwareBefore(long cutoffTicks)
    {
        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("A LiteDB transaction was left open on the writer thread.");
        }

        int deleted;
        try
        {
            deleted = Hardware.DeleteMany(d => d.AtTicks < cutoffTicks);
            _database.Commit();
        }
        catch
        {
            TryRollback();
            throw;
        }

        FsyncLog();
        return deleted;
    }

    /// <summary>Deletes the incidents with these ids in one transaction, made durable.</summary>
    public int Delete(IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("A LiteDB transaction was left open on the writer thread.");
        }

        var deleted = 0;
        try
        {
            foreach (var id in ids)
            {
                deleted += Raw.Delete(id) ? 1 : 0;
            }

            _database.Commit();
        }
        catch
        {
            TryRollback();
            throw;
        }

        FsyncLog();
        return deleted;
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
        // LiteDB writes the log through our stream (no buffer of ours): flushing it to disk fsyncs every commit.
        if (_log is FileStream log)
        {
            log.Flush(flushToDisk: true);
        }
    }

    public void Checkpoint() => _database.Checkpoint();

    /// <summary>Bytes of the data file and its log.</summary>
    public long SizeInBytes => _data.Length + (_log?.Length ?? 0);

    public void Dispose() => CloseEngineAndStreams();

    private void CloseEngineAndStreams()
    {
        // LiteDB's own close may throw (it checkpoints, and the disk may be full); our streams close regardless, so
        // no handle outlives this object.
        try
        {
            _database.Dispose();
        }
        finally
        {
            // After a failed write, a transaction LiteDB could not dispose would end the process from its finalizer.
            AbandonedTransactions.Disarm(_database);
            _log?.Dispose();
            _data.Dispose();
        }
    }
}
