using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// <c>GET /api/incidents</c> one page at a time. Why: every incident carries its report and context lines, and an
/// unbounded <c>limit</c> once made one answer of 378 MB, built in the daemon's memory. A page holds at most
/// <see cref="MaxPageSize"/> incidents, newest first in a total order (first line time, then id, both descending), and
/// the next page starts after the last incident of this one (<c>before=ID</c>), so no incident is skipped or repeated
/// even when many share one first-line time (one read of a replayed log).
/// </summary>
internal static class IncidentPages
{
    /// <summary>The most incidents one answer holds, whatever limit was asked.</summary>
    public const int MaxPageSize = 500;

    /// <summary>
    /// The incidents of the page after <paramref name="before"/> (from the newest when null); <c>Next</c> is the cursor
    /// of the following page, or null at the end; <c>Warning</c> names the records of a damaged database that could not
    /// be read (null when it is sound).
    /// </summary>
    public static (IReadOnlyList<Incident> Page, long? Next, string? Warning) Read(IncidentStore store, IncidentQuery query, Incident? before)
    {
        string? warning = null;
        IReadOnlyList<Incident> Query(IncidentQuery q)
        {
            IncidentReadResult read = store.Read(q);
            warning ??= read.Warning;
            return read.Incidents;
        }

        int limit = Math.Clamp(query.Limit, 1, MaxPageSize);
        var candidates = new List<Incident>();
        IncidentQuery rest = query;
        if (before is not null)
        {
            // Those at the cursor's very time that come after it, then everything strictly older.
            candidates.AddRange(AllAt(Query, query, before.FirstLineAt).Where(i => i.Id < before.Id));
            rest = query with { Until = query.Until is { } until && until < before.FirstLineAt ? until : before.FirstLineAt };
        }
        IReadOnlyList<Incident> older = Query(rest with { Limit = limit + 1 });
        if (older.Count == limit + 1)
        {
            // The store cut its answer somewhere among the incidents of its last time, in no defined order: take all of them.
            DateTimeOffset last = older[^1].FirstLineAt;
            candidates.AddRange(older.Where(i => i.FirstLineAt != last));
            candidates.AddRange(AllAt(Query, rest, last));
        }
        else
        {
            candidates.AddRange(older);
        }
        List<Incident> ordered = [.. candidates.OrderByDescending(i => i.FirstLineAt.UtcTicks).ThenByDescending(i => i.Id)];
        if (ordered.Count <= limit)
        {
            return (ordered, null, warning);
        }
        return (ordered.GetRange(0, limit), ordered[limit - 1].Id, warning);
    }

    /// <summary>Every incident matching <paramref name="query"/> whose first line has exactly the time <paramref name="at"/>.</summary>
    private static IReadOnlyList<Incident> AllAt(Func<IncidentQuery, IReadOnlyList<Incident>> read, IncidentQuery query, DateTimeOffset at)
    {
        DateTimeOffset next = at.AddTicks(1);
        if ((query.Since is { } since && since > at) || (query.Until is { } until && until < next))
        {
            return [];
        }
        return read(query with { Since = at, Until = next, Limit = int.MaxValue });
    }
}
