using System.Collections.Immutable;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary><c>on: incident</c>: an incident was stored (a repeat of one counts as the same alert: same key).</summary>
/// <param name="rule">The rule.</param>
/// <param name="isFirstOfFingerprint">Whether an incident is the database's first of its fingerprint (newFingerprintOnly).</param>
internal sealed class IncidentTrigger(AlertRuleConfig rule, Func<Incident, bool> isFirstOfFingerprint) : IAlertTrigger
{
    private readonly ConsolePatterns _consoles = new(rule.Consoles);

    public IEnumerable<Alert> On(DaemonEvent e)
    {
        if (e is not IncidentStored { Incident: var incident } || !_consoles.Match(incident.Console))
        {
            yield break;
        }
        var report = incident.Report;
        if ((!rule.Kinds.IsDefaultOrEmpty && !rule.Kinds.Contains(report.Kind))
            || (rule.PanickedOnly && !report.Panicked)
            || (rule.NewFingerprintOnly && !isFirstOfFingerprint(incident)))
        {
            yield break;
        }
        string kind = CrashKindName.Of(report.Kind);
        var labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["crash_kind"] = kind,
            ["fingerprint"] = report.Fingerprint,
            ["panicked"] = report.Panicked ? "true" : "false",
        });
        string where = incident.Host is { } host && host != incident.Console ? $"{incident.Console} ({host})" : incident.Console;
        yield return new Alert(
            rule.Name, "incident", $"{rule.Name}/{incident.Console}/{report.Fingerprint}", Alert.Firing,
            report.Panicked ? "critical" : "warning",
            $"{where}: {report.Title}",
            $"Incident {incident.Id} on console {incident.Console}: {kind}{(report.Panicked ? ", panicked" : "")}.\n" +
            $"Fingerprint {report.Fingerprint}; first line at {incident.FirstLineAt:O}.\n" +
            $"Read it with: solwatch incidents show {incident.Id}",
            incident.Console, incident.Host, incident.Id, labels, incident.FirstLineAt);
    }

    public IEnumerable<Alert> Tick(DateTimeOffset now) => [];
}
