using LiteDB;
using SolWatch.Storage.Incidents.Persistence;

namespace SolWatch.Storage.Incidents;

/// <summary>
/// A database file read directly, when no daemon runs (the CLI on a copied file): opened read-only, so nothing in
/// it changes, and a damaged file still shows every incident that can be read, naming the rest.
/// </summary>
public sealed class IncidentFileReader : IDisposable
{
    private readonly IncidentDatabase? _database; // null: an empty file, no incident yet
    private readonly IDisposable? _lock;
    private readonly string _path;
    private readonly BsonMapper _mapper = IncidentMapping.CreateMapper();

    private IncidentFileReader(IncidentDatabase? database, IDisposable? databaseLock, string path)
    {
        _database = database;
        _lock = databaseLock;
        _path = path;
    }

    /// <summary>Opens the file for reading.</summary>
    /// <param name="path">The database file.</param>
    /// <exception cref="StoreUnavailableException">A running daemon holds the file.</exception>
    /// <exception cref="DatabaseFileException">Not a SolWatch database, or too damaged to open at all.</exception>
    public static IncidentFileReader Open(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var databaseLock = TryLock(fullPath);
        try
        {
            return new IncidentFileReader(IncidentDatabase.OpenReadOnly(fullPath, IncidentMapping.CreateMapper()), databaseLock, fullPath);
        }
        catch
        {
            databaseLock?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The daemon's lock, so a file it writes is not read half-way through a checkpoint; a copy in a directory we
    /// cannot write to is read without it.
    /// </summary>
    internal static IDisposable? TryLock(string fullPath)
    {
        try
        {
            return DatabaseLock.Acquire(fullPath);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Incidents matching the query, newest first, and the records that could not be read.</summary>
    /// <param name="query">Filters.</param>
    public IncidentReadResult Read(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database is null ? new IncidentReadResult([], []) : IncidentQueries.Query(_database, _mapper, query);
    }

    /// <summary>One incident by id, or null.</summary>
    /// <param name="id">The incident's id.</param>
    public Incident? Get(long id) => Guarded(database => IncidentQueries.Get(database, id), null);

    /// <summary>The fleet view of the query, and the records that could not be read.</summary>
    /// <param name="query">Filters.</param>
    public FleetReadResult ReadFleet(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database is null ? new FleetReadResult([], []) : IncidentQueries.Fleet(_database, _mapper, query);
    }

    /// <summary>Each console's kdump readiness and last crash's dump (see <see cref="KdumpFleetEntry"/>).</summary>
    /// <exception cref="DatabaseFileException">The part of the file these live in is damaged.</exception>
    public IReadOnlyList<KdumpFleetEntry> KdumpFleet() => Guarded(IncidentQueries.KdumpFleet, []);

    /// <summary>Stored hardware events matching the query, newest first.</summary>
    public IReadOnlyList<Hardware.StoredHardwareEvent> HardwareEvents(Hardware.HardwareQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Guarded(database => HardwareQueries.List(database, query), []);
    }

    /// <summary>Each console's hardware events counted over the hour, day and week before <paramref name="now"/>.</summary>
    public IReadOnlyList<Hardware.HardwareRate> HardwareRates(DateTimeOffset now) => Guarded(database => HardwareQueries.Rates(database, now), []);

    /// <summary>
    /// A read that has no incident-by-incident fallback: on a damaged page it fails as a whole, with a message that
    /// names the file and the commands that look at it (LiteDB's own exception says neither), and the engine LiteDB
    /// closed on the damage is opened again for the reader's next query.
    /// </summary>
    private T Guarded<T>(Func<IncidentDatabase, T> read, T empty)
    {
        if (_database is null)
        {
            return empty;
        }

        try
        {
            return read(_database);
        }
        catch (Exception ex) when (TolerantReader.IsDamage(ex))
        {
            _database.ReopenAfterDamage();
            throw new DatabaseFileException(DatabaseFileFormat.DamagedRead(_path, ex.Message), ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _database?.Dispose();
        }
        finally
        {
            _lock?.Dispose();
        }
    }
}
