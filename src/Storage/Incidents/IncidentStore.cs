using System.Collections.Immutable;
using LiteDB;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Transcripts;
using SolWatch.Storage.Files;
using SolWatch.Storage.Hardware;
using SolWatch.Storage.Incidents.Persistence;

namespace SolWatch.Storage.Incidents;

/// <summary>
/// The incident database (LiteDB): the one <c>LiteDatabase</c> of its file in this process, written by a single
/// batching writer behind a bounded queue, so capture never waits for the disk. An incident whose task completed
/// survives <c>kill -9</c> of the process (and a power loss: the log is fsynced; see <see cref="IncidentDatabase"/>).
/// When writing fails (disk full, read-only file system) the writer closes the database, backs off and retries the
/// same batch; what was committed before stays committed.
/// </summary>
public sealed partial class IncidentStore : IAsyncDisposable
{
    private readonly IncidentStoreOptions _options;
    private readonly string _path;
    private readonly DatabaseLock _lock;
    private readonly BsonMapper _mapper;
    private readonly IncidentQueue _queue;
    private readonly Backoff _backoff;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Timer _checkpointTimer;
    private readonly Timer? _retentionTimer;
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
    private long _repeats;
    private long _displaced;
    private long _retentionDeleted;
    private volatile StoreError? _lastError; // one reference: read whole by Health, never torn
    private volatile Outage? _outage; // set while writing fails, cleared by the next success
    private int _disposed;

    // Incidents given up at shutdown (the disk still full): said in one log message when the store closes.
    private readonly List<PendingIncident> _unstored = [];

    private IncidentStore(IncidentStoreOptions options, string path, DatabaseLock databaseLock, IncidentDatabase? database, Exception? openFailure = null)
    {
        _options = options;
        _path = path;
        _lock = databaseLock;
        _mapper = IncidentMapping.CreateMapper();
        _database = database;
        if (database is not null)
        {
            _nextId = NextId(database, path);
        }
        else if (openFailure is not null)
        {
            // Opened on a full disk: the file is opened (and the next id read) by the first write that gets through.
            var now = DateTimeOffset.UtcNow;
            _outage = new Outage(now, DiskFull: true, openFailure.Message);
            _lastError = new StoreError($"Opening {path} failed: {openFailure.Message}. Free space on that file system; " +
                "incidents wait in memory and the store opens the file by itself.", now);
        }
        _backoff = new Backoff(options.RetryInitialDelay, options.RetryMaxDelay);
        _queue = new IncidentQueue(options.QueueCapacity);
        _checkpointTimer = new Timer(_ => Checkpoint(), null, options.CheckpointInterval, options.CheckpointInterval);
        if (options.MaxDatabaseBytes is not null || options.MaxAge is not null)
        {
            _retentionTimer = new Timer(_ => ApplyRetention(), null, options.RetentionInterval, options.RetentionInterval);
        }
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>
    /// Opens (or creates) the database and starts its writer.
    /// </summary>
    /// <param name="options">Path and writer settings.</param>
    /// <exception cref="InvalidOperationException">The file is already open in this process.</exception>
    /// <exception cref="StoreUnavailableException">Another process (a running daemon) holds the file.</exception>
    /// <exception cref="DatabaseFileException">
    /// The file is not a SolWatch database (it is never overwritten) or is too damaged to open; the message says what to do.
    /// </exception>
    public static IncidentStore Open(IncidentStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        var path = System.IO.Path.GetFullPath(options.Path);
        PrivateFiles.EnsureDirectory(System.IO.Path.GetDirectoryName(path) ?? ".");
        // A directory or a device is refused before anything is made beside it or done to it: as root, a database
        // path of /dev/null made /dev/null.lock and /dev/null-log and set /dev/null's mode to 0600.
        if (Files.FileKind.NotRegular(path) is not null && DatabaseFileFormat.Inspect(path) is (DatabaseFileKind.Foreign, var what))
        {
            throw new DatabaseFileException(DatabaseFileFormat.NotOurs(path, what));
        }
        var databaseLock = DatabaseLock.Acquire(path);
        try
        {
            IncidentDatabase database;
            try
            {
                database = OpenDatabase(path);
            }
            catch (IOException ex) when (IsDiskFull(ex))
            {
                // A full disk must not keep the daemon from watching its consoles (restarted on the disk its own
                // transcripts filled, it refused to start): incidents wait in memory, as after any failed write.
                return new IncidentStore(options, path, databaseLock, null, ex);
            }

            try
            {
                return new IncidentStore(options, path, databaseLock, database);
            }
            catch
            {
                database.Dispose();
                throw;
            }
        }
        catch
        {
            databaseLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next id: after the highest ever given (recorded in the marker, so ids deleted by retention are not given
    /// again) and the highest stored. A damaged newest page must not stop the store: either source will do.
    /// </summary>
    private static long NextId(IncidentDatabase database, string path)
    {
        long? recorded = null;
        long? stored = null;
        Exception? damage = null;
        try
        {
            recorded = database.RecordedLastId();
        }
        catch (Exception ex) when (TolerantReader.IsDamage(ex))
        {
            damage = ex;
        }

        try
        {
            stored = database.MaxId();
        }
        catch (Exception ex) when (TolerantReader.IsDamage(ex))
        {
            damage = ex;
        }

        if (recorded is null && stored is null && damage is not null)
        {
            throw new DatabaseFileException(DatabaseFileFormat.Damaged(path, damage.Message), damage);
        }

        return Math.Max(recorded ?? 0, stored ?? 0) + 1;
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
            var outage = _outage;
            var queued = Interlocked.Read(ref _queued);
            return new StoreHealth(
                Interlocked.Read(ref _stored),
                Interlocked.Read(ref _failed),
                queued,
                Interlocked.Read(ref _dropped),
                lastError?.Message,
                lastError?.At,
                outage?.Since,
                outage is null ? null : Describe(outage, queued),
                Interlocked.Read(ref _repeats),
                Interlocked.Read(ref _displaced),
                Interlocked.Read(ref _retentionDeleted));
        }
    }

    /// <summary>
    /// Queues an incident for the writer. Never blocks. When the queue is full, a panicked report takes the place of
    /// the oldest queued report that did not panic (that one's task faults, counted as dropped and displaced).
    /// </summary>
    /// <param name="incident">The crash to store.</param>
    /// <param name="stored">
    /// Completes with the stored incident once it is durable (for a repeat: the incident it was counted on); faults
    /// when the store shuts down before it could be stored, or when the database refuses this one incident.
    /// </param>
    /// <returns>False (counted as dropped) only when the queue is full or the store is shutting down.</returns>
    public bool TryStore(NewIncident incident, out Task<Incident> stored)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return TryQueue(new PendingIncident(incident), out stored);
    }

    /// <summary>
    /// Queues an update of a stored incident's kdump story (and, when given, the console lines after its crash), to be
    /// written after everything queued before it. Never blocks; never displaced from a full queue by a report.
    /// </summary>
    /// <param name="incident">The stored incident (as its store task gave it).</param>
    /// <param name="kdump">The story as it stands now.</param>
    /// <param name="captureTranscript">The lines after the crash, when they changed; null keeps those stored.</param>
    /// <param name="updated">Completes with the incident as updated; faults when it no longer exists (retention).</param>
    /// <returns>False only when the queue is full of panics or the store is shutting down.</returns>
    public bool TryUpdateKdump(Incident incident, KdumpFinding kdump, IReadOnlyList<TranscriptLine>? captureTranscript, out Task<Incident> updated)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(kdump);
        var original = new NewIncident(incident.Console, incident.Host, incident.Report, incident.FirstLineAt, incident.LastLineAt, []);
        return TryQueue(
            new PendingIncident(original) { Amendment = new KdumpAmendment(incident.Id, kdump, captureTranscript?.ToImmutableArray()) },
            out updated);
    }

    /// <summary>
    /// Queues a file fetched for a stored incident (or why it could not be fetched), replacing an attachment of the
    /// same name, to be written after everything queued before it. Never blocks; never displaced by a report. Text
    /// beyond <see cref="IncidentAttachment.MaxTextChars"/> is cut (and marked truncated).
    /// </summary>
    /// <param name="incident">The stored incident.</param>
    /// <param name="attachment">The file or the error.</param>
    /// <param name="attached">Completes with the incident as updated; faults when it no longer exists (retention).</param>
    /// <returns>False only when the queue is full of panics or the store is shutting down.</returns>
    public bool TryAttach(Incident incident, IncidentAttachment attachment, out Task<Incident> attached)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(attachment);
        if (attachment.Text is { Length: > IncidentAttachment.MaxTextChars } text)
        {
            attachment = attachment with { Text = text[..IncidentAttachment.MaxTextChars], Truncated = true };
        }

        var original = new NewIncident(incident.Console, incident.Host, incident.Report, incident.FirstLineAt, incident.LastLineAt, []);
        return TryQueue(new PendingIncident(original) { Attachment = new AttachmentAmendment(incident.Id, attachment) }, out attached);
    }

    /// <summary>Queues a console's kdump readiness (replacing the one kept for that console). Never blocks.</summary>
    public bool TrySaveReadiness(ConsoleReadiness readiness)
    {
        ArgumentNullException.ThrowIfNull(readiness);
        var carrier = new NewIncident(readiness.Console, readiness.Host, ReadinessCarrier, readiness.LearnedAt, readiness.LearnedAt, []);
        return TryQueue(new PendingIncident(carrier) { Readiness = readiness }, out _);
    }

    /// <summary>
    /// Queues a hardware event for the writer, batched with the incidents (one writer, one transaction per batch). Never
    /// blocks. Like a report that did not panic, it gives way to a panicked report when the queue is full.
    /// </summary>
    /// <returns>False (counted as dropped) only when the queue is full or the store is shutting down.</returns>
    public bool TryStoreHardware(NewHardwareEvent hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var carrier = new NewIncident(hardware.Console, hardware.Host, HardwareCarrier, hardware.At, hardware.At, []);
        return TryQueue(new PendingIncident(carrier) { Hardware = new HardwareAmendment(ObjectId.NewObjectId(), hardware) }, out _);
    }

    /// <summary>Stored hardware events matching the query, newest first.</summary>
    public IReadOnlyList<StoredHardwareEvent> HardwareEvents(HardwareQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return HardwareQueries.List(Database(), query);
        }
    }

    /// <summary>Each console's hardware events counted over the hour, day and week before <paramref name="now"/>.</summary>
    public IReadOnlyList<HardwareRate> HardwareRates(DateTimeOffset now)
    {
        lock (_gate)
        {
            return HardwareQueries.Rates(Database(), now);
        }
    }

    // What a hardware write says of itself where the queue's messages name an incident's title.
    private static readonly CrashReport HardwareCarrier = new() { Kind = CrashKind.MachineCheck, Title = "hardware event", Fingerprint = "" };

    /// <summary>Each console's kdump readiness and last crash's dump, by console name (see <see cref="KdumpFleetEntry"/>).</summary>
    public IReadOnlyList<KdumpFleetEntry> KdumpFleet()
    {
        lock (_gate)
        {
            return IncidentQueries.KdumpFleet(Database());
        }
    }

    // What a readiness write says of itself where the queue's messages name an incident's title.
    private static readonly CrashReport ReadinessCarrier = new() { Kind = CrashKind.Other, Title = "kdump readiness", Fingerprint = "" };

    private bool TryQueue(PendingIncident pending, out Task<Incident> stored)
    {
        var incident = pending.Incident;
        Interlocked.Increment(ref _queued);
        PendingIncident? displaced = null;
        var outcome = Volatile.Read(ref _disposed) == 0
            ? _queue.TryEnqueue(pending, out displaced)
            : IncidentQueue.Outcome.Completed;
        switch (outcome)
        {
            case IncidentQueue.Outcome.Queued:
                stored = pending.Stored.Task;
                return true;
            case IncidentQueue.Outcome.QueuedDisplacingOne:
                Interlocked.Decrement(ref _queued);
                Interlocked.Increment(ref _dropped);
                Interlocked.Increment(ref _displaced);
                var victim = displaced!.Incident;
                var message =
                    $"Incident on {victim.Console} ({victim.Report.Title}, fingerprint {victim.Report.Fingerprint}) not " +
                    $"stored: the incident queue of {_path} is full ({_options.QueueCapacity} waiting) and a panicked " +
                    $"report from {incident.Console} took its place.";
                Say(message);
                displaced.Stored.TrySetException(new InvalidOperationException(message));
                stored = pending.Stored.Task;
                return true;
        }

        Interlocked.Decrement(ref _queued);
        var dropped = Interlocked.Increment(ref _dropped);
        var reason = outcome == IncidentQueue.Outcome.Full
            ? $"the incident queue of {_path} is full ({_options.QueueCapacity} waiting): storage is failing or too slow; see the store's health"
            : $"the incident store {_path} is shutting down";
        var refusal = $"Incident on {incident.Console} ({incident.Report.Title}, fingerprint {incident.Report.Fingerprint}) not stored: {reason}.";
        if (outcome == IncidentQueue.Outcome.Full && (dropped < 10 || dropped % 1000 == 0))
        {
            // The first drops, then one in a thousand: a crash flood must not flood the log as well.
            Say($"{refusal} ({dropped} dropped so far)");
        }

        stored = Task.FromException<Incident>(new InvalidOperationException(refusal));
        return false;
    }

    /// <summary>Incidents matching the query, newest (by first line time) first, at most <see cref="IncidentQuery.Limit"/>.</summary>
    /// <param name="query">Filters.</param>
    public IReadOnlyList<Incident> Query(IncidentQuery query) => Read(query).Incidents;

    /// <summary>
    /// Like <see cref="Query"/>, and on a damaged database the incidents still readable with the records that are not.
    /// </summary>
    /// <param name="query">Filters.</param>
    public IncidentReadResult Read(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return IncidentQueries.Query(Database(), _mapper, query);
        }
    }

    /// <summary>One incident by id, or null.</summary>
    /// <param name="id">The incident's id.</param>
    public Incident? Get(long id)
    {
        lock (_gate)
        {
            return IncidentQueries.Get(Database(), id);
        }
    }

    /// <summary>
    /// Incidents matching the query grouped by fingerprint, the most recently seen group first, at most
    /// <see cref="IncidentQuery.Limit"/> groups.
    /// </summary>
    /// <param name="query">Filters (applied to incidents before grouping).</param>
    public IReadOnlyList<FingerprintGroup> Fleet(IncidentQuery query) => ReadFleet(query).Groups;

    /// <summary>Like <see cref="Fleet"/>, and on a damaged database the records that could not be read.</summary>
    /// <param name="query">Filters (applied to incidents before grouping).</param>
    public FleetReadResult ReadFleet(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return IncidentQueries.Fleet(Database(), _mapper, query);
        }
    }

    /// <summary>The open database, reopened when the writer closed it after a failure. Call under the gate.</summary>
    private IncidentDatabase Database()
    {
        ObjectDisposedException.ThrowIf(_disposed == 2, this);
        if (_database is null)
        {
            _database = IncidentDatabase.Open(_path, _mapper);
            if (_nextId == 0)
            {
                // The store was opened on a full disk: the ids go on from what the file holds.
                _nextId = NextId(_database, _path);
            }
        }

        return _database;
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<PendingIncident>(_options.MaxBatch);
        while (await _queue.WaitToReadAsync())
        {
            _queue.DrainTo(batch, _options.MaxBatch);
            await StoreUntilStoredAsync(batch);
            batch.Clear();
        }
    }

    /// <summary>
    /// Stores the batch, retrying with backoff for as long as the file system fails (a full disk is waited out, the
    /// batch kept in memory; the bounded queue bounds the rest); only shutdown gives up.
    /// </summary>
    private async Task StoreUntilStoredAsync(List<PendingIncident> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            try
            {
                var stored = StoreBatch(batch);
                _outage = null;
                for (var i = 0; i < batch.Count; i++)
                {
                    Interlocked.Decrement(ref _queued);
                    if (batch[i].Amendment is { } gone && stored[i] is null)
                    {
                        batch[i].Stored.TrySetException(new InvalidOperationException(
                            $"Incident {gone.IncidentId} on {batch[i].Incident.Console} is no longer in {_path}: its kdump story was not updated."));
                        continue;
                    }

                    if (batch[i].Attachment is { } orphan && stored[i] is null)
                    {
                        batch[i].Stored.TrySetException(new InvalidOperationException(
                            $"Incident {orphan.IncidentId} on {batch[i].Incident.Console} is no longer in {_path}: {orphan.Attachment.Name} was not attached."));
                        continue;
                    }

                    // Only new incidents count (StoreHealth.Stored): a story's update, a readiness, an attachment and a
                    // hardware event (carried in the same queue) are none; `solwatch health` says "incidents: N stored".
                    if (batch[i].Amendment is null && batch[i].Readiness is null && batch[i].Attachment is null && batch[i].Hardware is null)
                    {
                        Interlocked.Increment(ref _stored);
                    }

                    batch[i].Stored.TrySetResult(stored[i]);
                }

                return;
            }
            catch (Exception ex)
            {
                failure = ex;
                Interlocked.Increment(ref _failed);
                var now = DateTimeOffset.UtcNow;
                _lastError = new StoreError(
                    $"Storing {batch.Count} incident(s) in {_path} failed (attempt {attempt}): {ex.Message}. Check that " +
                    "the file system has free space and is writable; the store retries by itself.", now);
                if (!IncidentDatabase.IsFileSystemError(ex))
                {
                    // Not the disk: one incident LiteDB refuses (e.g. a document over its 16 MiB limit). Waiting
                    // will not help and must not hold up the others: store them one by one, fail only the culprit.
                    await IsolatePoisonAsync(batch, ex);
                    return;
                }

                _outage = new Outage(_outage?.Since ?? now, IsDiskFull(ex), ex.Message);
                CloseAfterFailure();
            }

            if (_shutdown.IsCancellationRequested)
            {
                GiveUpAtShutdown(batch, failure);
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

    private static bool IsDiskFull(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            // ENOSPC (28) and EDQUOT (122) as .NET reports them on Unix; the Windows wording for completeness.
            if (e is IOException io && (io.HResult is 28 or 122
                || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
                || io.Message.Contains("not enough space", StringComparison.OrdinalIgnoreCase)
                || io.Message.Contains("quota", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private string Describe(Outage outage, long waiting)
    {
        var since = outage.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var what = outage.DiskFull ? $"disk full since {since} UTC" : $"storing fails since {since} UTC ({outage.Error})";
        return $"{what} ({_path}): {waiting} incidents waiting in memory (at most {_options.QueueCapacity + _options.MaxBatch}); " +
            (outage.DiskFull
                ? "free space on that file system: they are stored as soon as it is back"
                : "they are stored as soon as the file is writable again");
    }

    private async Task IsolatePoisonAsync(List<PendingIncident> batch, Exception failure)
    {
        if (batch.Count == 1)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            var pending = batch[0];
            Say($"Incident on {pending.Incident.Console} ({pending.Incident.Report.Title}) cannot be stored in {_path}: {failure.Message}");
            pending.Stored.TrySetException(new IOException(
                $"Incident on {pending.Incident.Console} could not be stored in {_path}: {failure.Message}", failure));
            return;
        }

        foreach (var pending in batch)
        {
            await StoreUntilStoredAsync([pending]);
        }
    }

    private Incident[] StoreBatch(List<PendingIncident> batch)
    {
        lock (_gate)
        {
            var database = Database();
            var storedAt = DateTimeOffset.UtcNow;
            var inserts = new List<IncidentDocument>(batch.Count);
            var updates = new Dictionary<long, IncidentDocument>();
            var results = new IncidentDocument[batch.Count];
            var repeats = 0;
            var readiness = new List<ReadinessDocument>();
            var hardware = new List<HardwareDocument>();
            for (var i = 0; i < batch.Count; i++)
            {
                var pending = batch[i];
                if (pending.Readiness is { } ready)
                {
                    readiness.Add(KdumpMapping.ToDocument(ready));
                    continue;
                }

                if (pending.Hardware is { } hw)
                {
                    hardware.Add(HardwareMapping.ToDocument(hw.Id, hw.Event, storedAt));
                    continue;
                }

                if (pending.Amendment is { } amendment)
                {
                    results[i] = Amend(database, amendment, inserts, updates)!;
                    continue;
                }

                if (pending.Attachment is { } attachment)
                {
                    results[i] = Attach(database, attachment, inserts, updates)!;
                    continue;
                }

                if (pending.Id == 0)
                {
                    pending.Id = _nextId++;
                }

                var target = RepeatTarget(database, pending.Incident, inserts, updates);
                if (target is null || target.Id == pending.Id)
                {
                    results[i] = target ?? IncidentMapping.ToDocument(pending.Id, pending.Incident, storedAt);
                    if (target is null)
                    {
                        inserts.Add(results[i]);
                    }

                    continue;
                }

                // A repeat: counted once, even when this batch is retried after its commit reached the log.
                if (pending.Id > target.LastOccurrenceId)
                {
                    target.Occurrences++;
                    target.LastSeenAtTicks = Math.Max(
                        Math.Max(target.LastSeenAtTicks, target.LastLineAtTicks), pending.Incident.LastLineAt.UtcTicks);
                    target.LastOccurrenceId = pending.Id;
                }

                if (!inserts.Contains(target))
                {
                    updates[target.Id] = target;
                }

                results[i] = target;
                repeats++;
            }

            database.WriteDurably(inserts, [.. updates.Values], _nextId - 1, readiness, hardware);
            Interlocked.Add(ref _repeats, repeats);
            // A readiness write has no incident; an update of one that is gone (retention) has none either.
            return [.. results.Select(d => d is null ? null! : IncidentMapping.ToIncident(d))];
        }
    }

    /// <summary>Applies a kdump update to its incident: from this batch, from earlier updates in it, or from the file.</summary>
    private static IncidentDocument? Amend(
        IncidentDatabase database, KdumpAmendment amendment, List<IncidentDocument> inserts, Dictionary<long, IncidentDocument> updates)
    {
        var target = inserts.Find(d => d.Id == amendment.IncidentId)
            ?? (updates.TryGetValue(amendment.IncidentId, out var updating) ? updating : database.Incidents.FindById(amendment.IncidentId));
        if (target is null)
        {
            return null;
        }

        target.Report.Kdump = KdumpMapping.ToDocument(amendment.Kdump);
        if (amendment.CaptureTranscript is { } lines)
        {
            target.CaptureTranscript = [.. lines.Select(IncidentMapping.ToDocument)];
        }

        if (!inserts.Contains(target))
        {
            updates[target.Id] = target;
        }

        return target;
    }

    /// <summary>Attaches a file to its incident (replacing one of the same name), found as <see cref="Amend"/> finds it.</summary>
    private static IncidentDocument? Attach(
        IncidentDatabase database, AttachmentAmendment amendment, List<IncidentDocument> inserts, Dictionary<long, IncidentDocument> updates)
    {
        var target = inserts.Find(d => d.Id == amendment.IncidentId)
            ?? (updates.TryGetValue(amendment.IncidentId, out var updating) ? updating : database.Incidents.FindById(amendment.IncidentId));
        if (target is null)
        {
            return null;
        }

        var document = IncidentMapping.ToDocument(amendment.Attachment);
        var attachments = target.Attachments ?? [];
        var same = attachments.FindIndex(a => a.Name == document.Name);
        if (same >= 0)
        {
            attachments[same] = document;
        }
        else
        {
            attachments.Add(document);
        }

        target.Attachments = attachments;
        if (!inserts.Contains(target))
        {
            updates[target.Id] = target;
        }

        return target;
    }

    /// <summary>
    /// The incident a report repeats: same console, same fingerprint, its last occurrence within the repeat
    /// window. A panicked report counts only on a panicked incident: a crash that took the machine down after
    /// earlier non-fatal ones is news, and its report (panic reason, text) is kept as an incident of its own.
    /// </summary>
    private IncidentDocument? RepeatTarget(
        IncidentDatabase database, NewIncident incident, List<IncidentDocument> inserts, Dictionary<long, IncidentDocument> updates)
    {
        var window = _options.RepeatWindow;
        if (window <= TimeSpan.Zero)
        {
            return null;
        }

        bool Matches(IncidentDocument d) =>
            d.Console == incident.Console
            && d.Report.Fingerprint == incident.Report.Fingerprint
            && (d.Report.Panicked || !incident.Report.Panicked)
            && Math.Abs(incident.FirstLineAt.UtcTicks - Math.Max(d.LastSeenAtTicks, d.LastLineAtTicks)) <= window.Ticks;

        // This batch first (newest last), then the file: the newest incidents of this console and fingerprint.
        for (var i = inserts.Count - 1; i >= 0; i--)
        {
            if (Matches(inserts[i]))
            {
                return inserts[i];
            }
        }

        var stored = database.Incidents.Query()
            .Where(BsonExpression.Create("$.Console = @0", new BsonValue(incident.Console)))
            .Where(BsonExpression.Create("$.Report.Fingerprint = @0", new BsonValue(incident.Report.Fingerprint)))
            .OrderByDescending("$._id")
            .Limit(16)
            .ToList();
        var match = stored.FirstOrDefault(Matches);
        return match is not null && updates.TryGetValue(match.Id, out var pendingUpdate) ? pendingUpdate : match;
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

    private void GiveUpAtShutdown(List<PendingIncident> batch, Exception failure)
    {
        foreach (var pending in batch)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            lock (_unstored)
            {
                _unstored.Add(pending);
            }

            pending.Stored.TrySetException(new IOException(
                $"Incident on {pending.Incident.Console} could not be stored in {_path} before shutdown: {failure.Message}", failure));
        }
    }

    /// <summary>Says in the log, one line per incident, what shutdown could not store (they exist nowhere else).</summary>
    private void ReportUnstored()
    {
        List<PendingIncident> unstored;
        lock (_unstored)
        {
            unstored = [.. _unstored];
        }

        if (unstored.Count == 0)
        {
            return;
        }

        var lines = unstored.Select(p =>
            $"  {p.Incident.Console}: {p.Incident.Report.Title} (fingerprint {p.Incident.Report.Fingerprint}, " +
            $"{(p.Incident.Report.Panicked ? "panicked, " : "")}first line at {p.Incident.FirstLineAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC)");
        Say($"{unstored.Count} incident(s) could not be stored in {_path} before shutdown ({_outage?.Error ?? _lastError?.Message}); " +
            "they are lost except for this list and the consoles' transcripts:\n" + string.Join('\n', lines));
    }

    private void Say(string message)
    {
        try
        {
            _options.Log?.Invoke(message);
        }
        catch (Exception)
        {
            // A failing log sink must not stop the store.
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

        _queue.Complete();
        _shutdown.CancelAfter(_options.ShutdownTimeout);
        await _writer;
        ReportUnstored();
        await _checkpointTimer.DisposeAsync();
        if (_retentionTimer is not null)
        {
            await _retentionTimer.DisposeAsync();
        }

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

    internal sealed record StoreError(string Message, DateTimeOffset At);

    private sealed record Outage(DateTimeOffset Since, bool DiskFull, string Error);
}
