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
    private readonly BsonMapper _mapper = IncidentMapping.CreateMapper();

    private IncidentFileReader(IncidentDatabase? database, IDisposable? databaseLock)
    {
        _database = database;
        _lock = databaseLock;
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
            return new IncidentFileReader(IncidentDatabase.OpenReadOnly(fullPath, IncidentMapping.CreateMapper()), databaseLock);
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
    public Incident? Get(long id) => _database is null ? null : IncidentQueries.Get(_database, id);

    /// <summary>The fleet view of the query, and the records that could not be read.</summary>
    /// <param name="query">Filters.</param>
    public FleetReadResult ReadFleet(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database is null ? new FleetReadResult([], []) : IncidentQueries.Fleet(_database, _mapper, query);
    }

    /// <summary>Each console's kdump readiness and last crash's dump (see <see cref="KdumpFleetEntry"/>).</summary>
    public IReadOnlyList<KdumpFleetEntry> KdumpFleet() => _database is null ? [] : IncidentQueries.KdumpFleet(_database);

    /// <summary>Stored hardware events matching the query, newest first.</summary>
    public IReadOnlyList<Hardware.StoredHardwareEvent> HardwareEvents(Hardware.HardwareQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database is null ? [] : HardwareQueries.List(_database, query);
    }

    /// <summary>Each console's hardware events counted over the hour, day and week before <paramref name="now"/>.</summary>
    public IReadOnlyList<Hardware.HardwareRate> HardwareRates(DateTimeOffset now) => _database is null ? [] : HardwareQueries.Rates(_database, now);

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
