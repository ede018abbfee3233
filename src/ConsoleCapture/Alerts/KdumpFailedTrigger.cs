using System.Collections.Immutable;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Kdump;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>
/// <c>on: kdump-failed</c>: an incident's kdump story says the dump is lost — save-failed, capture-kernel-failed or
/// not-armed (src/Parsers/Kdump/KdumpOutcome.cs). Seen on the incident as stored or on a later update; once per
/// incident and outcome (the key), however often the story is told again.
/// </summary>
internal sealed class KdumpFailedTrigger(AlertRuleConfig rule) : IAlertTrigger
{
    private readonly ConsolePatterns _consoles = new(rule.Consoles);

    public IEnumerable<Alert> On(DaemonEvent e)
    {
        Incident? incident = e switch
        {
            IncidentStored s => s.Incident,
            IncidentUpdated u => u.Incident,
            _ => null,
        };
        if (incident?.Report.Kdump is not { } kdump || !IsFailure(kdump.Outcome) || !_consoles.Match(incident.Console))
        {
            yield break;
        }
        string outcome = kdump.Outcome.Name();
        var labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["kdump_outcome"] = outcome,
            ["fingerprint"] = incident.Report.Fingerprint,
        });
        yield return new Alert(
            rule.Name, "kdump-failed", $"{rule.Name}/{incident.Console}/incident-{incident.Id}/{outcome}", Alert.Firing, "critical",
            $"{incident.Console}: kdump {outcome}: {kdump.Reason}",
            $"The dump of incident {incident.Id} ({incident.Report.Title}) is lost: {outcome}.\n{kdump.Reason}\n" +
            $"Read the story with: solwatch incidents show {incident.Id}",
            incident.Console, incident.Host, incident.Id, labels, incident.FirstLineAt);
    }

    public IEnumerable<Alert> Tick(DateTimeOffset now) => [];

    /// <summary>The outcomes that mean no dump was saved though one was wanted.</summary>
    public static bool IsFailure(KdumpOutcome outcome) =>
        outcome is KdumpOutcome.SaveFailed or KdumpOutcome.CaptureKernelFailed or KdumpOutcome.NotArmed;
}
