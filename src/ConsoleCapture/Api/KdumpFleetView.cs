using SolWatch.ConsoleCapture.Hosting;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// The answer of <c>/api/kdump</c>: every console the daemon runs, and every one the store remembers, with its kdump
/// readiness (the session's, newest, before the store's) and its last crash's dump.
/// </summary>
internal static class KdumpFleetView
{
    public static IReadOnlyList<KdumpFleetEntry> Of(CapturePipeline pipeline)
    {
        var entries = pipeline.Incidents.KdumpFleet().ToDictionary(e => e.Console, StringComparer.Ordinal);
        foreach (ConsoleSession session in pipeline.Sessions.Values)
        {
            entries.TryGetValue(session.Name, out KdumpFleetEntry? stored);
            if (session.KdumpReadiness is { } live)
            {
                entries[session.Name] = (stored ?? new KdumpFleetEntry(session.Name, session.Status.Host, null, null, null)) with
                {
                    Readiness = live,
                    ReadinessLearnedAt = stored?.Readiness == live ? stored.ReadinessLearnedAt : session.Status.LastLineAt,
                };
            }
            else if (stored is null)
            {
                entries[session.Name] = new KdumpFleetEntry(session.Name, session.Status.Host, null, null, null);
            }
        }
        return [.. entries.Values.OrderBy(e => e.Console, StringComparer.Ordinal)];
    }
}
