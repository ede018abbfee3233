namespace SolWatch.Storage.Incidents;

/// <summary>
/// The incident database (LiteDB): the one <c>LiteDatabase</c> of its file in this process, written by a single
/// batching writer behind a bounded queue, so capture never waits for the disk. An incident whose task completed
/// survives <c>kill -9</c> of the process (and a power loss: the log is fsynced).
/// </summary>
public sealed class IncidentStore : IAsyncDisposable
{
    private IncidentStore()
    {
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
        throw new NotImplementedException();
    }

    /// <summary>How storing goes: counters and the last error.</summary>
    public StoreHealth Health => throw new NotImplementedException();

    /// <summary>
    /// Queues an incident for the writer. Never blocks.
    /// </summary>
    /// <param name="incident">The crash to store.</param>
    /// <param name="stored">Completes with the stored incident once it is durable; faults when all retries failed.</param>
    /// <returns>False (counted as dropped) only when the queue is full or the store is shutting down.</returns>
    public bool TryStore(NewIncident incident, out Task<Incident> stored) => throw new NotImplementedException();

    /// <summary>Incidents matching the query, newest (by first line time) first, at most <see cref="IncidentQuery.Limit"/>.</summary>
    /// <param name="query">Filters.</param>
    public IReadOnlyList<Incident> Query(IncidentQuery query) => throw new NotImplementedException();

    /// <summary>One incident by id, or null.</summary>
    /// <param name="id">The incident's id.</param>
    public Incident? Get(long id) => throw new NotImplementedException();

    /// <summary>
    /// Incidents matching the query grouped by fingerprint, the most recently seen group first, at most
    /// <see cref="IncidentQuery.Limit"/> groups.
    /// </summary>
    /// <param name="query">Filters (applied to incidents before grouping).</param>
    public IReadOnlyList<FingerprintGroup> Fleet(IncidentQuery query) => throw new NotImplementedException();

    /// <summary>Drains the queue (up to <see cref="IncidentStoreOptions.ShutdownTimeout"/>), checkpoints, closes the file.</summary>
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
