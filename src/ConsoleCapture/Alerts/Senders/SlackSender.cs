using System.Text.Json;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Alerts.Senders;

/// <summary>
/// <c>type: slack</c>: a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat take <c>{"text": ...}</c>).
/// The URL is the credential, so it comes from urlEnv/urlFile and is never logged beyond its host.
/// </summary>
internal sealed class SlackSender(SlackDestinationConfig config, HttpClient http) : IAlertSender
{
    public AlertDestinationConfig Config => config;

    public string Payload(Alert alert) => JsonSerializer.Serialize(new SlackMessage(
        $"*[{alert.Status.ToUpperInvariant()}]* {Escape(alert.Title)}\n{Escape(alert.Details)}"));

    public Task SendAsync(Alert alert, string payload, CancellationToken ct)
    {
        Uri url;
        try
        {
            string text = config.Url.Resolve();
            url = Uri.TryCreate(text, UriKind.Absolute, out Uri? u) && u.Scheme is "http" or "https"
                ? u
                : throw new InvalidOperationException($"the URL in {config.Url} is not an http:// or https:// URL");
        }
        catch (InvalidOperationException e)
        {
            throw new AlertSendException($"url: {e.Message}", retryable: true, e);
        }
        return HttpAlertPost.PostAsync(http, url, payload, bearer: null, ct);
    }

    // Slack's message formatting gives &, < and > meanings; console text must not make links or mentions. Mattermost and
    // Rocket.Chat, which take the same webhook, read a plain "@channel", "@all", "@here" or "@user" as a mention: a zero
    // width space after every '@' keeps the text as it reads and notifies nobody.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("@", "@\u200B", StringComparison.Ordinal);

    private sealed record SlackMessage(string Text)
    {
        [System.Text.Json.Serialization.JsonPropertyName("text")]
        public string Text { get; } = Text;
    }
}
