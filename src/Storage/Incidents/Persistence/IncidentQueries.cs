using LiteDB;
using SolWatch.Parsers.Reports;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>
/// The queries of the store and of a database file read directly (CLI): the indexed path, and when a damaged page
/// makes LiteDB throw, the same answer from every record still readable, with the unreadable ones named.
/// Not thread-safe: callers serialize use of the database.
/// </summary>
internal static class IncidentQueries
{
    public static IncidentReadResult Query(IncidentDatabase database, BsonMapper mapper, IncidentQuery query)
    {
        try
        {
            if (database.FileDamage is not null)
            {
                // Cut short: the indexes may point into the missing part and answer nothing, without an error.
                throw new LiteException(0, database.FileDamage);
            }

            var documents = Filter(database.Incidents.Query(), query)
                .OrderByDescending("$.FirstLineAtTicks")
                .Limit(Math.Max(0, query.Limit))
                .ToList();
            return new IncidentReadResult([.. documents.Select(IncidentMapping.ToIncident)], []);
        }
        catch (Exception ex) when (TolerantReader.IsDamage(ex))
        {
            database.ReopenAfterDamage(); // LiteDB may have closed its engine on the damaged page
            var unreadable = new List<UnreadableRecord>();
            var incidents = ReadAllMatching(database, mapper, query, unreadable)
                .OrderByDescending(i => i.FirstLineAt)
                .Take(Math.Max(0, query.Limit))
                .ToList();
            return new IncidentReadResult(incidents, unreadable) { FileDamage = database.FileDamage };
        }
    }

    /// <summary>Each console's readiness and newest crash with a kdump story, by console name.</summary>
    public static IReadOnlyList<KdumpFleetEntry> KdumpFleet(IncidentDatabase database)
    {
        var entries = new Dictionary<string, KdumpFleetEntry>(StringComparer.Ordinal);
        foreach (var r in database.Readiness.FindAll())
        {
            var ready = KdumpMapping.ToReadiness(r);
            entries[ready.Console] = new KdumpFleetEntry(ready.Console, ready.Host, ready.Readiness, ready.LearnedAt, null);
        }

        // Newest first: the first story seen per console is its last crash's.
        foreach (var d in database.Incidents.Query().Where(BsonExpression.Create("$.Report.Kdump != null")).OrderByDescending("$._id").ToEnumerable())
        {
            entries.TryGetValue(d.Console, out var entry);
            if (entry?.LastCrash is not null)
            {
                continue;
            }

            var last = new KdumpLastCrash(d.Id, d.Report.Title, IncidentMapping.FromTicks(d.FirstLineAtTicks), KdumpMapping.ToFinding(d.Report.Kdump!));
            entries[d.Console] = entry is null ? new KdumpFleetEntry(d.Console, d.Host, null, null, last) : entry with { LastCrash = last };
        }

        return [.. entries.Values.OrderBy(e => e.Console, StringComparer.Ordinal)];
    }

    public static Incident? Get(IncidentDatabase database, long id)
    {
        var document = database.Incidents.FindById(id);
        return document is null ? null : IncidentMapping.ToIncident(document);
    }

    public static FleetReadResult Fleet(IncidentDatabase database, BsonMapper mapper, IncidentQuery query)
    {
        try
        {
            if (database.FileDamage is not null)
            {
                throw new LiteException(0, database.FileDamage);
            }

            return new FleetReadResult(FleetIndexed(database, query), []);
        }
        catch (Exception ex) when (TolerantReader.IsDamage(ex))
        {
            database.ReopenAfterDamage(); // LiteDB may have closed its engine on the damaged page
            var unreadable = new List<UnreadableRecord>();
            var groups = new Dictionary<string, FleetAccumulator>(StringComparer.Ordinal);
            foreach (var incident in ReadAllMatching(database, mapper, query, unreadable).OrderByDescending(i => i.FirstLineAt))
            {
                Add(groups, incident.Report.Fingerprint, incident.Report.Title, incident.Report.Kind,
                    incident.Console, incident.Host ?? incident.Console, incident.FirstLineAt.UtcTicks);
            }

            return new FleetReadResult(Top(groups, query), unreadable) { FileDamage = database.FileDamage };
        }
    }

    private static IEnumerable<Incident> ReadAllMatching(
        IncidentDatabase database, BsonMapper mapper, IncidentQuery query, List<UnreadableRecord> unreadable)
    {
        foreach (var document in TolerantReader.ReadAll(database, unreadable))
        {
            if (TolerantReader.TryMap(mapper, document, unreadable) is { } incident && Matches(incident, query))
            {
                yield return incident;
            }
        }
    }

    private static bool Matches(Incident incident, IncidentQuery query) =>
        (query.Console is null || incident.Console == query.Console)
        && (query.Since is null || incident.FirstLineAt >= query.Since)
        && (query.Until is null || incident.FirstLineAt < query.Until)
        && (query.Kind is null || incident.Report.Kind == query.Kind)
        && (query.Fingerprint is null || incident.Report.Fingerprint == query.Fingerprint);

    private static List<FingerprintGroup> FleetIndexed(IncidentDatabase database, IncidentQuery query)
    {
        var groups = new Dictionary<string, FleetAccumulator>(StringComparer.Ordinal);

        // Only the fields the view needs are read (not report text or context), newest first so the first
        // incident of a group seen is its newest: its title and kind name the group.
        var rows = Filter(database.Raw.Query(), query)
            .OrderByDescending("$.FirstLineAtTicks")
            .Select("{ Console: $.Console, Host: $.Host, At: $.FirstLineAtTicks, " +
                    "Kind: $.Report.Kind, Title: $.Report.Title, Fingerprint: $.Report.Fingerprint }")
            .ToEnumerable();
        foreach (var row in rows)
        {
            var console = row["Console"].AsString;
            Add(groups, row["Fingerprint"].AsString, row["Title"].AsString, IncidentMapping.ParseKind(row["Kind"].AsString),
                console, row["Host"].IsString ? row["Host"].AsString : console, row["At"].AsInt64);
        }

        return Top(groups, query);
    }

    private static void Add(Dictionary<string, FleetAccumulator> groups, string fingerprint, string title, CrashKind kind,
        string console, string host, long firstLineTicks)
    {
        if (!groups.TryGetValue(fingerprint, out var group))
        {
            group = new FleetAccumulator(fingerprint, title, kind);
            groups.Add(fingerprint, group);
        }

        group.Add(console, host, firstLineTicks);
    }

    private static List<FingerprintGroup> Top(Dictionary<string, FleetAccumulator> groups, IncidentQuery query) =>
        [.. groups.Values
            .OrderByDescending(g => g.LastSeenTicks)
            .Take(Math.Max(0, query.Limit))
            .Select(g => g.ToGroup())];

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
