using LiteDB;
using SolWatch.Parsers.Hardware;
using SolWatch.Storage.Hardware;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>Reads of the hardware_events collection: the events, and per-console counts over time windows.</summary>
internal static class HardwareQueries
{
    public static IReadOnlyList<StoredHardwareEvent> List(IncidentDatabase database, HardwareQuery query)
    {
        ILiteQueryable<HardwareDocument> q = database.Hardware.Query();
        if (query.Console is { } console)
        {
            q = q.Where(d => d.Console == console);
        }
        if (query.Since is { } since)
        {
            long ticks = since.UtcTicks;
            q = q.Where(d => d.AtTicks >= ticks);
        }
        if (query.Severity is { } severity)
        {
            string name = HardwareSeverityName.Of(severity);
            q = q.Where(d => d.Severity == name);
        }
        return [.. q.OrderByDescending(d => d.AtTicks).Limit(Math.Max(1, query.Limit)).ToEnumerable().Select(HardwareMapping.ToStored)];
    }

    /// <summary>Each console's counts over the hour, day and week before <paramref name="now"/> and in all, by console.</summary>
    public static IReadOnlyList<HardwareRate> Rates(IncidentDatabase database, DateTimeOffset now)
    {
        long hour = (now - TimeSpan.FromHours(1)).UtcTicks;
        long day = (now - TimeSpan.FromDays(1)).UtcTicks;
        long week = (now - TimeSpan.FromDays(7)).UtcTicks;
        var rates = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (HardwareDocument d in database.Hardware.FindAll())
        {
            if (!rates.TryGetValue(d.Console, out Tally? t))
            {
                rates[d.Console] = t = new Tally();
            }
            long n = Math.Max(1, d.Count);
            t.Total += n;
            t.LastHour += d.AtTicks >= hour ? n : 0;
            t.LastDay += d.AtTicks >= day ? n : 0;
            t.LastWeek += d.AtTicks >= week ? n : 0;
            t.Uncorrected += d.Severity is "corrected" or "unknown" ? 0 : n;
            if (d.AtTicks >= t.LastTicks)
            {
                t.LastTicks = d.AtTicks;
                t.LastSummary = d.Summary;
                t.Host = d.Host;
            }
        }
        return [.. rates.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new HardwareRate(
            r.Key, r.Value.Host, r.Value.LastHour, r.Value.LastDay, r.Value.LastWeek, r.Value.Total, r.Value.Uncorrected,
            IncidentMapping.FromTicks(r.Value.LastTicks), r.Value.LastSummary))];
    }

    private sealed class Tally
    {
        public long LastHour;
        public long LastDay;
        public long LastWeek;
        public long Total;
        public long Uncorrected;
        public long LastTicks;
        public string LastSummary = "";
        public string? Host;
    }
}
