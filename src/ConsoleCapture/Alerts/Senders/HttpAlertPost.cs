using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SolWatch.ConsoleCapture.Alerts.Senders;

/// <summary>One JSON POST of an alert, its failures sorted into worth retrying or not.</summary>
internal static class HttpAlertPost
{
    public static async Task PostAsync(HttpClient http, Uri url, string json, string? bearer, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new AlertSendException($"POST {Shown(url)}: {e.Message}", retryable: true, e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            int status = (int)response.StatusCode;
            // 408, 429 and 5xx are the receiver's trouble of the moment; any other answer refuses the alert itself.
            bool retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            string body = await ReadSomeAsync(response, ct);
            throw new AlertSendException($"POST {Shown(url)}: {status} {response.ReasonPhrase}{(body.Length > 0 ? $": {body}" : "")}", retryable);
        }
    }

    /// <summary>The URL without its path and query, which may hold a secret (a Slack webhook's is one).</summary>
    public static string Shown(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            string body = await response.Content.ReadAsStringAsync(ct);
            body = body.ReplaceLineEndings(" ").Trim();
            return body.Length > 200 ? body[..200] + "…" : body;
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
