using System.Threading.Channels;
using LiteDB;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Files;
using SolWatch.Storage.Incidents.Persistence;

namespace SolWatch.Storage.Incidents;

/// <summary>
/// The incident database (LiteDB): the one <c>LiteDatabase</c> of its file in this process, written by a single
/// batching writer behind a bounded queue, so capture never waits for the disk. An incident whose task completed
/// survives <c>kill -9</c> of the process (and a power loss: the log is fsynced; see <see cref="IncidentDatabase"/>).
/// When writing fails (disk full, read-only file system) the writer closes the database, backs off and retries the
/// same batch; what was committed before stays committed.
/// </summary>
public sealed class IncidentStore : IAsyncDisposable
{
    private readonly IncidentStoreOptions _options;
    private readonly string _path;
    private readonly DatabaseLock _lock;
    private readonly BsonMapper _mapper;
    private readonly Channel<PendingIncident> _queue;
    private readonly Backoff _backoff;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Timer _checkpointTimer;
    private readonly Task _writer;

    // One gate for every use of the database: LiteDB binds transactions to a thread, and the writer replaces the
    // database object after a failure; queries are rare next to capture, so serializing them costs nothing.
    private readonly Lock _gate = new();
    private IncidentDatabase? _database;
    private long _nextId;

    private long _stored;
    private long _failed;
    private long _queued;
    private long _dropped;
    private volatile StoreError? _lastError; // one reference: read whole by Health, never torn
    private int _disposed;

    private IncidentStore(IncidentStoreOptions options, string path, DatabaseLock databaseLock, IncidentDatabase database)
    {
        _options = options;
        _path = path;
        _lock = databaseLock;
        _mapper = IncidentMapping.CreateMapper();
        _database = database;
        _nextId = database.MaxId() + 1;
        _backoff = new Backoff(options.RetryInitialDelay, options.RetryMaxDelay);
        _queue = Channel.CreateBounded<PendingIncident>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of waiting or dropping silently
        });
        _checkpointTimer = new Timer(_ => Checkpoint(), null, options.CheckpointInterval, options.CheckpointInterval);
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>
    /// Opens (or creates) the database and starts its writer.
    /// </summary>
    /// <param name="options">Path and writer settings.</param>
    /// <exception cref="InvalidOperationException">The file is already open in this process.</exception>
    /// <exception cref="StoreUnavailableException">Another process (a running daemon) holds the file.</exception>
    public static IncidentStore Open(IncidentStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        var path = System.IO.Path.GetFullPath(options.Path);
        PrivateFiles.EnsureDirectory(System.IO.Path.GetDirectoryName(path) ?? ".");
        var databaseLock = DatabaseLock.Acquire(path);
        try
        {
            var database = OpenDatabase(path);
            return new IncidentStore(options, path, databaseLock, database);
        }
        catch
        {
            databaseLock.Dispose();
            throw;
        }
    }

    private static IncidentDatabase OpenDatabase(string path)
    {
        try
        {
            return IncidentDatabase.Open(path, IncidentMapping.CreateMapper());
        }
        catch (IOException ex) when (ex.HResult == SharingViolation)
        {
            throw new StoreUnavailableException(DatabaseLock.InUseMessage(path), ex);
        }
    }

    // .NET reports a file locked by another process as an IOException with this HResult on every platform.
    private const int SharingViolation = unchecked((int)0x80070020);

    /// <summary>How storing goes: counters and the last error.</summary>
    public StoreHealth Health
    {
        get
        {
            var lastError = _lastError;
            return new StoreHealth(
                Interlocked.Read(ref _stored),
                Interlocked.Read(ref _failed),
                Interlocked.Read(ref _queued),
                Interlocked.Read(ref _dropped),
                lastError?.Message,
                lastError?.At);
        }
    }

    /// <summary>
    /// Queues an incident for the writer. Never blocks.
    /// </summary>
    /// <param name="incident">The crash to store.</param>
    /// <param name="stored">Completes with the stored incident once it is durable; faults when all retries failed.</param>
    /// <returns>False (counted as dropped) only when the queue is full or the store is shutting down.</returns>
    public bool TryStore(NewIncident incident, out Task<Incident> stored)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var pending = new PendingIncident(incident);
        Interlocked.Increment(ref _queued);
        if (Volatile.Read(ref _disposed) == 0 && _queue.Writer.TryWrite(pending))
        {
            stored = pending.Stored.Task;
            return true;
        }

        Interlocked.Decrement(ref _queued);
        Interlocked.Increment(ref _dropped);
        var reason = Volatile.Read(ref _disposed) == 0
            ? $"the incident queue of {_path} is full ({_options.QueueCapacity} waiting): storage is failing or too slow; see the store's health"
            : $"the incident store {_path} is shutting down";
        stored = Task.FromException<Incident>(new InvalidOperationException($"Incident on {incident.Console} not stored: {reason}."));
        return false;
    }

    /// <summary>Incidents matching the query, newest (by first line time) first, at most <see cref="IncidentQuery.Limit"/>.</summary>
    /// <param name="query">Filters.</param>
    public IReadOnlyList<Incident> Query(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var documents = Filter(Database().Incidents.Query(), query)
                .OrderByDescending("$.FirstLineAtTicks")
                .Limit(Math.Max(0, query.Limit))
                .ToList();
            return [.. documents.Select(IncidentMapping.ToIncident)];
        }
    }

    /// <summary>One incident by id, or null.</summary>
    /// <param name="id">The incident's id.</param>
    public Incident? Get(long id)
    {
        lock (_gate)
        {
            var document = Database().Incidents.FindById(id);
            return document is null ? null : IncidentMapping.ToIncident(document);
        }
    }

    /// <summary>
    /// Incidents matching the query grouped by fingerprint, the most recently seen group first, at most
    /// <see cref="IncidentQuery.Limit"/> groups.
    /// </summary>
    /// <param name="query">Filters (applied to incidents before grouping).</param>
    public IReadOnlyList<FingerprintGroup> Fleet(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var groups = new Dictionary<string, FleetAccumulator>(StringComparer.Ordinal);
        lock (_gate)
        {
            // Only the fields the view needs are read (not report text or context), newest first so the first
            // incident of a group seen is its newest: its title and kind name the group.
            var rows = Filter(Database().Raw.Query(), query)
                .OrderByDescending("$.FirstLineAtTicks")
                .Select("{ Console: $.Console, Host: $.Host, At: $.FirstLineAtTicks, " +
                        "Kind: $.Report.Kind, Title: $.Report.Title, Fingerprint: $.Report.Fingerprint }")
                .ToEnumerable();
            foreach (var row in rows)
            {
                var fingerprint = row["Fingerprint"].AsString;
                if (!groups.TryGetValue(fingerprint, out var group))
                {
                    group = new FleetAccumulator(
                        fingerprint, row["Title"].AsString, IncidentMapping.ParseKind(row["Kind"].AsString));
                    groups.Add(fingerprint, group);
                }

                var console = row["Console"].AsString;
                var host = row["Host"].IsString ? row["Host"].AsString : console;
                group.Add(console, host, row["At"].AsInt64);
            }
        }

        return [.. groups.Values
            .OrderByDescending(g => g.LastSeenTicks)
            .Take(Math.Max(0, query.Limit))
            .Select(g => g.ToGroup())];
    }

    private static ILiteQueryable<T> Filter<T>(ILiteQueryable<T> queryable, IncidentQuery query)
    {
        // Each filter is written exactly as its index's expression, so LiteDB picks the index.
        if (query.Console is { } console)
        {
            queryable = queryable.Where(BsonExpression.Create("$.Console = @0", new BsonValue(console)));
        }

        if (query.Since is { } since)
        {
            queryable = queryable.Where(BsonExpression.Create("$.FirstLineAtTicks >= @0", new BsonValue(since.UtcTicks)));
        }

        if (query.Until is { } until)
        {
            queryable = queryable.Where(BsonExpression.Create("$.FirstLineAtTicks < @0", new BsonValue(until.UtcTicks)));
        }

        if (query.Kind is { } kind)
        {
            queryable = queryable.Where(BsonExpression.Create("$.Report.Kind = @0", new BsonValue(kind.ToString())));
        }

        if (query.Fingerprint is { } fingerprint)
        {
            queryable = queryable.Where(BsonExpression.Create("$.Report.Fingerprint = @0", new BsonValue(fingerprint)));
        }

        return queryable;
    }

    /// <summary>The open database, reopened when the writer closed it after a failure. Call under the gate.</summary>
    private IncidentDatabase Database()
    {
        ObjectDisposedException.ThrowIf(_disposed == 2, this);
        return _database ??= IncidentDatabase.Open(_path, _mapper);
    }

    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingIncident>(_options.MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await StoreWithRetriesAsync(batch);
            batch.Clear();
        }
    }

    private async Task StoreWithRetriesAsync(List<PendingIncident> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            try
            {
                var stored = StoreBatch(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    Interlocked.Decrement(ref _queued);
                    Interlocked.Increment(ref _stored);
                    batch[i].Stored.TrySetResult(stored[i]);
                }

                return;
            }
            catch (Exception ex)
            {
                failure = ex;
                Interlocked.Increment(ref _failed);
                _lastError = new StoreError(
                    $"Storing {batch.Count} incident(s) in {_path} failed (attempt {attempt} of " +
                    $"{_options.MaxAttempts}): {ex.Message}. Check that the file system has free space and is " +
                    "writable; the store retries by itself.", DateTimeOffset.UtcNow);
                if (!IsEnvironmental(ex))
                {
                    // Not the disk: one incident LiteDB refuses (e.g. a document over its 16 MiB limit). Waiting
                    // will not help and must not hold up the others: store them one by one, fail only the culprit.
                    await IsolatePoisonAsync(batch, ex);
                    return;
                }

                CloseAfterFailure();
            }

            if (attempt >= _options.MaxAttempts || _shutdown.IsCancellationRequested)
            {
                GiveUp(batch, failure);
                return;
            }

            try
            {
                await Task.Delay(_backoff.After(attempt), _shutdown.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: one last attempt, then give up.
            }
        }
    }

    /// <summary>Failures of the file system (full, read-only, gone), worth waiting out, as opposed to a bad incident.</summary>
    private static bool IsEnvironmental(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or ObjectDisposedException
        || ex is LiteException { ErrorCode: LiteException.INVALID_DATAFILE_STATE };

    private async Task IsolatePoisonAsync(List<PendingIncident> batch, Exception failure)
    {
        if (batch.Count == 1)
        {
            GiveUp(batch, failure);
            return;
        }

        foreach (var pending in batch)
        {
            await StoreWithRetriesAsync([pending]);
        }
    }

    private Incident[] StoreBatch(List<PendingIncident> batch)
    {
        lock (_gate)
        {
            var database = Database();
            var storedAt = DateTimeOffset.UtcNow;
            var documents = new IncidentDocument[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Id == 0)
                {
                    batch[i].Id = _nextId++;
                }

                documents[i] = IncidentMapping.ToDocument(batch[i].Id, batch[i].Incident, storedAt);
            }

            database.InsertDurably(documents);
            return [.. documents.Select(IncidentMapping.ToIncident)];
        }
    }

    /// <summary>
    /// After an I/O error LiteDB closes its engine for good; drop it so the next attempt opens the file afresh
    /// (which replays the committed log and ignores the failed transaction's unconfirmed pages).
    /// </summary>
    private void CloseAfterFailure()
    {
        lock (_gate)
        {
            try
            {
                _database?.Dispose();
            }
            catch (Exception)
            {
                // Closing a failed engine can fail the same way; the next open starts from the file.
            }

            _database = null;
        }
    }

    private void GiveUp(List<PendingIncident> batch, Exception failure)
    {
        foreach (var pending in batch)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            pending.Stored.TrySetException(new IOException(
                $"Incident on {pending.Incident.Console} could not be stored in {_path}: {failure.Message}", failure));
        }
    }

    private void Checkpoint()
    {
        try
        {
            lock (_gate)
            {
                if (_disposed == 2)
                {
                    return;
                }

                Database().Checkpoint();
            }
        }
        catch (Exception ex)
        {
            _lastError = new StoreError(
                $"Checkpoint of {_path} failed: {ex.Message}. Committed incidents stay in the log file; check free space.",
                DateTimeOffset.UtcNow);
            CloseAfterFailure();
        }
    }

    /// <summary>Drains the queue (up to <see cref="IncidentStoreOptions.ShutdownTimeout"/>), checkpoints, closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _disposed, 1, 0) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _shutdown.CancelAfter(_options.ShutdownTimeout);
        await _writer;
        await _checkpointTimer.DisposeAsync();
        Checkpoint();
        lock (_gate)
        {
            Volatile.Write(ref _disposed, 2);
            _database?.Dispose();
            _database = null;
        }

        _lock.Dispose();
        _shutdown.Dispose();
    }

    private sealed record StoreError(string Message, DateTimeOffset At);

    /// <summary>Counts one fingerprint's incidents while the fleet view reads them.</summary>
    private sealed class FleetAccumulator(string fingerprint, string title, CrashKind kind)
    {
        private readonly HashSet<string> _hosts = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _consoles = new(StringComparer.Ordinal);
        private int _incidents;
        private long _firstSeenTicks = long.MaxValue;

        public long LastSeenTicks { get; private set; } = long.MinValue;

        public void Add(string console, string host, long firstLineTicks)
        {
            _incidents++;
            _hosts.Add(host);
            _consoles.Add(console);
            _firstSeenTicks = Math.Min(_firstSeenTicks, firstLineTicks);
            LastSeenTicks = Math.Max(LastSeenTicks, firstLineTicks);
        }

        public FingerprintGroup ToGroup() => new(
            fingerprint,
            title,
            kind,
            _incidents,
            _hosts.Count,
            IncidentMapping.FromTicks(_firstSeenTicks),
            IncidentMapping.FromTicks(LastSeenTicks),
            [.. _consoles]);
    }
}
