using System.Text.Json;
using System.Text.Json.Serialization;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Alerts.Senders;

/// <summary>
/// <c>type: alertmanager</c>: <c>POST /api/v2/alerts</c> of Prometheus Alertmanager (its OpenAPI postableAlerts: a
/// list of alerts with labels, annotations, startsAt and, for a resolved one, endsAt). The labels identify the alert to
/// Alertmanager: alertname is the rule, plus console, host, severity, trigger and the alert's own labels.
/// </summary>
internal sealed class AlertmanagerSender(AlertmanagerDestinationConfig config, HttpClient http) : IAlertSender
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public AlertDestinationConfig Config => config;

    public Uri Endpoint { get; } = new(new Uri(config.Url.AbsoluteUri.TrimEnd('/') + "/"), "api/v2/alerts");

    public string Payload(Alert alert)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = alert.Rule,
            ["severity"] = alert.Severity,
            ["solwatch_trigger"] = alert.Trigger,
        };
        if (alert.Console is { } console)
        {
            labels["console"] = console;
        }
        if (alert.Host is { } host)
        {
            labels["host"] = host;
        }
        foreach ((string k, string v) in alert.Labels)
        {
            labels[k] = v;
        }
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = alert.Title,
            ["description"] = alert.Details,
        };
        if (alert.IncidentId is { } id)
        {
            annotations["incident_id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return JsonSerializer.Serialize(new[] { new PostableAlert(labels, annotations, alert.StartsAt, alert.EndsAt) }, Json);
    }

    public Task SendAsync(Alert alert, string payload, CancellationToken ct) => HttpAlertPost.PostAsync(http, Endpoint, payload, bearer: null, ct);

    private sealed record PostableAlert(
        [property: JsonPropertyName("labels")] SortedDictionary<string, string> Labels,
        [property: JsonPropertyName("annotations")] SortedDictionary<string, string> Annotations,
        [property: JsonPropertyName("startsAt")] DateTimeOffset StartsAt,
        [property: JsonPropertyName("endsAt")] DateTimeOffset? EndsAt);
}
