using System.Collections.Immutable;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>One alert raised by a rule, before it is sent anywhere. Immutable: the same alert goes to every destination.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Trigger">What raised it: incident, kdump-failed or console-down.</param>
/// <param name="Key">Deduplication key: the rule, the console and what happened (a fingerprint, an incident, a down spell).</param>
/// <param name="Status">firing, or resolved (a console that was down is back).</param>
/// <param name="Severity">critical (a panic, a lost dump, a console down) or warning.</param>
/// <param name="Title">One line: what happened where.</param>
/// <param name="Details">More lines for people (mail body, Alertmanager description).</param>
/// <param name="Console">The console, or null.</param>
/// <param name="Host">The console's host label, or null.</param>
/// <param name="IncidentId">The incident, or null.</param>
/// <param name="Labels">Extra labels (crash_kind, fingerprint, kdump_outcome…) for Alertmanager and the webhook.</param>
/// <param name="StartsAt">When it began (the crash, the console going down).</param>
/// <param name="EndsAt">When it ended (resolved alerts), or null.</param>
public sealed record Alert(
    string Rule,
    string Trigger,
    string Key,
    string Status,
    string Severity,
    string Title,
    string Details,
    string? Console,
    string? Host,
    long? IncidentId,
    ImmutableSortedDictionary<string, string> Labels,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt = null)
{
    /// <summary>The status of a raised alert.</summary>
    public const string Firing = "firing";

    /// <summary>The status of an alert whose cause went away.</summary>
    public const string Resolved = "resolved";
}
