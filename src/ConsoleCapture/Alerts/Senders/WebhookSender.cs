using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Alerts.Senders;

/// <summary>
/// <c>type: webhook</c>: the <see cref="Alert"/> as JSON (camelCase, the API's shape) POSTed to the URL, with
/// <c>Authorization: Bearer</c> when a token is configured.
/// </summary>
internal sealed class WebhookSender(WebhookDestinationConfig config, HttpClient http) : IAlertSender
{
    public AlertDestinationConfig Config => config;

    public string Payload(Alert alert) => JsonSerializer.Serialize(alert, ApiJson.Options);

    public Task SendAsync(Alert alert, string payload, CancellationToken ct)
    {
        string? token;
        try
        {
            token = config.Token?.Resolve();
        }
        catch (InvalidOperationException e)
        {
            throw new AlertSendException($"token: {e.Message}", retryable: true, e);
        }
        return HttpAlertPost.PostAsync(http, config.Url, payload, token, ct);
    }
}
