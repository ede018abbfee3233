using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>newFingerprintOnly: whether an incident is the first the database holds of its fingerprint (on any console).</summary>
internal static class FirstOfFingerprint
{
    // Only incidents that began no later than this one, and stored before it: a second crash of a new fingerprint
    // stored before the first one's alert is evaluated must not make the first one look old (then neither alerts).
    public static Func<Incident, bool> In(IncidentStore store) => incident =>
        !store.Query(new IncidentQuery { Fingerprint = incident.Report.Fingerprint, Until = incident.FirstLineAt.AddTicks(1), Limit = 3 })
            .Any(other => other.Id < incident.Id);
}
