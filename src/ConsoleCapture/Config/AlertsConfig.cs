using System.Collections.Immutable;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Config;

/// <summary><c>alerts:</c> where alerts go and which events raise them.</summary>
/// <param name="Destinations">The destinations by name, in file order.</param>
/// <param name="Rules">The rules, in file order.</param>
public sealed record AlertsConfig(ImmutableArray<AlertDestinationConfig> Destinations, ImmutableArray<AlertRuleConfig> Rules)
{
    /// <summary>No alerts.</summary>
    public static AlertsConfig None { get; } = new([], []);
}

/// <summary>What raises an alert (<c>on:</c> of a rule).</summary>
public enum AlertTrigger
{
    /// <summary><c>incident</c>: an incident was stored (filters: kinds, panickedOnly, newFingerprintOnly, consoles).</summary>
    Incident,

    /// <summary><c>kdump-failed</c>: an incident's kdump story ended in save-failed, capture-kernel-failed or not-armed.</summary>
    KdumpFailed,

    /// <summary><c>console-down</c>: a console has not been connected for <see cref="AlertRuleConfig.DownFor"/>.</summary>
    ConsoleDown,

    /// <summary>
    /// <c>hardware-events</c>: a console (or the group of consoles the rule matches) logged at least
    /// <see cref="AlertRuleConfig.Threshold"/> hardware errors within <see cref="AlertRuleConfig.Per"/>.
    /// </summary>
    HardwareEvents,
}

/// <summary>What a hardware-events rule counts its threshold over (<c>countBy:</c>).</summary>
public enum HardwareCountBy
{
    /// <summary>Each console on its own (a failing DIMM on one machine).</summary>
    Console,

    /// <summary>The errors of every console the rule matches, summed (a rack, a batch of parts, a room running hot).</summary>
    Group,
}

/// <summary>One alert rule.</summary>
/// <param name="Name">Unique name (the Alertmanager alertname, the key of its deliveries).</param>
/// <param name="On">What raises it.</param>
/// <param name="Send">Destination names.</param>
/// <param name="Consoles">Console name patterns (<c>*</c> and <c>?</c>); empty: every console.</param>
/// <param name="Kinds">Incident kinds (incident rules); empty: every kind.</param>
/// <param name="PanickedOnly">Incident rules: only crashes that ended in a panic.</param>
/// <param name="NewFingerprintOnly">Incident rules: only the first incident of a fingerprint in the database.</param>
/// <param name="DownFor">Console-down rules: how long a console must be down.</param>
/// <param name="DedupeWindow">The same alert (same key) is not sent again within this.</param>
/// <param name="Burst">Rate limit: alerts sent at once.</param>
/// <param name="Every">Rate limit: one more alert allowed per this once the burst is spent.</param>
public sealed record AlertRuleConfig(
    string Name,
    AlertTrigger On,
    ImmutableArray<string> Send,
    ImmutableArray<string> Consoles,
    ImmutableArray<CrashKind> Kinds,
    bool PanickedOnly,
    bool NewFingerprintOnly,
    TimeSpan DownFor,
    TimeSpan DedupeWindow,
    int Burst,
    TimeSpan Every)
{
    /// <summary>Hardware-events rules: how many errors (an EDAC line's count counts as many) within <see cref="Per"/> raise the alert.</summary>
    public int Threshold { get; init; }

    /// <summary>Hardware-events rules: the window the threshold is counted over (<c>per: hour</c> or <c>day</c>).</summary>
    public TimeSpan Per { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Hardware-events rules: each console's count, or the matched consoles' sum.</summary>
    public HardwareCountBy CountBy { get; init; }

    /// <summary>The rule's entry as written (<see cref="CanonicalYaml"/>): a reload keeps the state (deduplication, rate
    /// limit, who is down) of a rule whose entry is the same, and starts a changed one afresh.</summary>
    public string? Definition { get; init; }
}

/// <summary>Where alerts are sent (<c>alerts.destinations[]</c>).</summary>
/// <param name="Name">Unique name, used in rules' <c>send:</c>.</param>
/// <param name="Type">webhook, slack, alertmanager or email.</param>
/// <param name="Timeout">One attempt's time limit.</param>
/// <param name="Retries">Attempts after the first before the alert becomes a dead letter.</param>
/// <param name="Backoff">Delay before the first retry (doubled each retry, with jitter).</param>
/// <param name="MaxBackoff">Longest delay between retries.</param>
public abstract record AlertDestinationConfig(string Name, string Type, TimeSpan Timeout, int Retries, TimeSpan Backoff, TimeSpan MaxBackoff)
{
    /// <summary>The destination's entry as written (<see cref="CanonicalYaml"/>): a reload keeps the queue of a
    /// destination whose entry is the same, and lets a changed or removed one send what it holds before it goes.</summary>
    public string? Definition { get; init; }
}

/// <summary><c>type: webhook</c>: the alert as JSON, POSTed to <paramref name="Url"/>.</summary>
public sealed record WebhookDestinationConfig(string Name, Uri Url, SecretReference? Token, TimeSpan Timeout, int Retries, TimeSpan Backoff, TimeSpan MaxBackoff)
    : AlertDestinationConfig(Name, "webhook", Timeout, Retries, Backoff, MaxBackoff);

/// <summary><c>type: slack</c>: a Slack-compatible incoming webhook (<c>{"text": ...}</c>); its URL is a secret.</summary>
public sealed record SlackDestinationConfig(string Name, SecretReference Url, TimeSpan Timeout, int Retries, TimeSpan Backoff, TimeSpan MaxBackoff)
    : AlertDestinationConfig(Name, "slack", Timeout, Retries, Backoff, MaxBackoff);

/// <summary><c>type: alertmanager</c>: Prometheus Alertmanager's API (<c>POST /api/v2/alerts</c> under <paramref name="Url"/>).</summary>
public sealed record AlertmanagerDestinationConfig(string Name, Uri Url, TimeSpan Timeout, int Retries, TimeSpan Backoff, TimeSpan MaxBackoff)
    : AlertDestinationConfig(Name, "alertmanager", Timeout, Retries, Backoff, MaxBackoff);

/// <summary>How an SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it, else plain (a local relay).</summary>
    Auto,

    /// <summary>Plain SMTP, never TLS.</summary>
    None,

    /// <summary>STARTTLS, required.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Tls,
}

/// <summary><c>type: email</c>: a mail through an SMTP server.</summary>
public sealed record EmailDestinationConfig(
    string Name, string Host, int Port, SmtpSecurity Security, string? Username, SecretReference? Password, string From, ImmutableArray<string> To,
    TimeSpan Timeout, int Retries, TimeSpan Backoff, TimeSpan MaxBackoff)
    : AlertDestinationConfig(Name, "email", Timeout, Retries, Backoff, MaxBackoff);
