using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Hardware;
using SolWatch.Storage.Hardware;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Cli.Client;

/// <summary>The running daemon's API, as found in its token file, once it has proved it is that daemon (<see cref="DaemonIdentity"/>).</summary>
internal sealed class DaemonClient : IDaemonData
{
    private readonly HttpClient _http;
    private readonly BearerAfterProof _bearer;

    private DaemonClient(ApiEndpoint endpoint)
    {
        _bearer = new BearerAfterProof(endpoint.Token);
        _http = DaemonIdentity.ClientFor(endpoint, _bearer);
        Source = $"daemon at {endpoint}";
    }

    public string Source { get; }

    /// <summary>
    /// Connects to the daemon of <paramref name="endpoint"/> (read from <paramref name="tokenFile"/>): the client
    /// when the daemon proved who it is and answers; otherwise null and why (a sentence for the user). The challenge
    /// and the requests that follow share one connection, so the token goes to the very peer that proved it knows it.
    /// </summary>
    public static async Task<(DaemonClient? Client, string? Refused)> TryConnectAsync(ApiEndpoint endpoint, string tokenFile, CancellationToken ct)
    {
        var client = new DaemonClient(endpoint);
        try
        {
            if (await DaemonIdentity.CheckAsync(endpoint, tokenFile, client._http, ct) is { } refused)
            {
                client._http.Dispose();
                return (null, refused);
            }
            client._bearer.Proven = true;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using HttpResponseMessage response = await client._http.GetAsync("/api/health", timeout.Token);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new CliException($"the daemon at {endpoint.Url} refused the token in its token file; is the file from another daemon?");
            }
            if (response.IsSuccessStatusCode)
            {
                return (client, null);
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        client._http.Dispose();
        return (null, null);
    }

    /// <summary>Adds the bearer token to requests only once the peer has proved it knows it (never to the challenge).</summary>
    private sealed class BearerAfterProof(string token) : DelegatingHandler
    {
        private readonly AuthenticationHeaderValue _header = new("Bearer", token);

        public volatile bool Proven;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Proven)
            {
                request.Headers.Authorization = _header;
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// The incidents of <paramref name="query"/>, up to its limit: the daemon answers a page at a time (at most
    /// 500), so the pages are followed (X-Next-Before) until the limit is reached or there are no more.
    /// </summary>
    /// <param name="query">Which incidents.</param>
    /// <param name="ct">Cancels the requests.</param>
    /// <param name="attachmentTexts">Whether the attachments' texts (each up to 4 Mi characters) come along; list pages
    /// leave them out unless asked (<c>attachments=full</c>).</param>
    public async Task<IReadOnlyList<Incident>> QueryAsync(IncidentQuery query, CancellationToken ct, bool attachmentTexts = false)
    {
        ArgumentNullException.ThrowIfNull(query);
        var incidents = new List<Incident>();
        string? before = null;
        bool warned = false;
        do
        {
            string url = "/api/incidents" + QueryString(query with { Limit = query.Limit - incidents.Count })
                + (before is null ? "" : "&before=" + Uri.EscapeDataString(before)) + (attachmentTexts ? "&attachments=full" : "");
            using HttpResponseMessage response = await _http.GetAsync(url, ct);
            await EnsureOkAsync(response, ct);
            IReadOnlyList<Incident> page = await response.Content.ReadFromJsonAsync<IReadOnlyList<Incident>>(ApiJson.Options, ct) ?? [];
            incidents.AddRange(page);
            warned = await WarnOnceAsync(response, warned);
            before = page.Count > 0 && response.Headers.TryGetValues("X-Next-Before", out IEnumerable<string>? next) ? next.FirstOrDefault() : null;
        }
        while (before is not null && incidents.Count < query.Limit);
        return incidents;
    }

    public async Task<Incident?> GetAsync(long id, CancellationToken ct)
    {
        using HttpResponseMessage response = await _http.GetAsync($"/api/incidents/{id}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureOkAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<Incident>(ApiJson.Options, ct);
    }

    public async Task<IReadOnlyList<FingerprintGroup>> FleetAsync(IncidentQuery query, CancellationToken ct)
    {
        using HttpResponseMessage response = await _http.GetAsync("/api/fleet" + QueryString(query), ct);
        await EnsureOkAsync(response, ct);
        await WarnOnceAsync(response, warned: false);
        return await response.Content.ReadFromJsonAsync<IReadOnlyList<FingerprintGroup>>(ApiJson.Options, ct) ?? [];
    }

    public async Task<HardwareEventsView> HardwareAsync(HardwareQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = new List<string> { "limit=" + query.Limit.ToString(CultureInfo.InvariantCulture) };
        if (query.Console is { } console)
        {
            parts.Add("console=" + Uri.EscapeDataString(console));
        }
        if (query.Since is { } since)
        {
            parts.Add("since=" + Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture)));
        }
        if (query.Severity is { } severity)
        {
            parts.Add("severity=" + HardwareSeverityName.Of(severity));
        }
        using HttpResponseMessage response = await _http.GetAsync("/api/hardware-events?" + string.Join('&', parts), ct);
        await EnsureOkAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<HardwareEventsView>(ApiJson.Options, ct) ?? new HardwareEventsView([], []);
    }

    public async Task<IReadOnlyList<KdumpFleetEntry>> KdumpFleetAsync(CancellationToken ct)
    {
        using HttpResponseMessage response = await _http.GetAsync("/api/kdump", ct);
        await EnsureOkAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<IReadOnlyList<KdumpFleetEntry>>(ApiJson.Options, ct) ?? [];
    }

    /// <summary>
    /// Prints the daemon's X-SolWatch-Warning (a damaged database: which records could not be read) on stderr, as the
    /// direct read of a database file does, once per command; true once printed.
    /// </summary>
    private static async Task<bool> WarnOnceAsync(HttpResponseMessage response, bool warned)
    {
        if (warned || !response.Headers.TryGetValues("X-SolWatch-Warning", out IEnumerable<string>? values))
        {
            return warned;
        }
        await Console.Error.WriteLineAsync($"solwatch: the daemon's database: {TerminalText.Escape(values.FirstOrDefault())}");
        return true;
    }

    public Task<HealthReport?> HealthAsync(CancellationToken ct) => GetAsync<HealthReport>("/api/health", ct);

    public async Task<IReadOnlyList<ConsoleSummary>?> ConsolesAsync(CancellationToken ct) =>
        await GetAsync<IReadOnlyList<ConsoleSummary>>("/api/consoles", ct);

    public async IAsyncEnumerable<TailLine> TailAsync(string console, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken ct)
    {
        string url = $"/api/consoles/{Uri.EscapeDataString(console)}/tail"
            + (since is { } s ? "?since=" + Uri.EscapeDataString(s.ToString("O", CultureInfo.InvariantCulture)) : "");
        using HttpResponseMessage response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureOkAsync(response, ct);
        await using Stream body = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal)
                && JsonSerializer.Deserialize<TailLine>(line.AsSpan(6), ApiJson.Options) is { } tail)
            {
                yield return tail;
            }
        }
    }

    public IAsyncEnumerable<TranscriptLine> TranscriptAsync(string console, DateTimeOffset? since, DateTimeOffset? until, CancellationToken ct) =>
        JsonLinesAsync<TranscriptLine>(TranscriptUrl(console, raw: false, since, until), ct);

    public IAsyncEnumerable<RawSegment> RawTranscriptAsync(string console, DateTimeOffset? since, DateTimeOffset? until, CancellationToken ct) =>
        JsonLinesAsync<RawSegment>(TranscriptUrl(console, raw: true, since, until), ct);

    private static string TranscriptUrl(string console, bool raw, DateTimeOffset? since, DateTimeOffset? until)
    {
        var parts = new List<string>();
        if (raw)
        {
            parts.Add("raw=true");
        }
        if (since is { } s)
        {
            parts.Add("since=" + Uri.EscapeDataString(s.ToString("O", CultureInfo.InvariantCulture)));
        }
        if (until is { } u)
        {
            parts.Add("until=" + Uri.EscapeDataString(u.ToString("O", CultureInfo.InvariantCulture)));
        }
        return $"/api/consoles/{Uri.EscapeDataString(console)}/transcript" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
    }

    private async IAsyncEnumerable<T> JsonLinesAsync<T>(string url, [EnumeratorCancellation] CancellationToken ct)
    {
        using HttpResponseMessage response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureOkAsync(response, ct);
        await using Stream body = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0 && JsonSerializer.Deserialize<T>(line, ApiJson.Options) is { } record)
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// POSTs a console control request (<paramref name="action"/>: send, break, sysrq or power); returns the daemon's
    /// status text, throws <see cref="CliException"/> with the daemon's refusal.
    /// </summary>
    public async Task<string> ControlAsync(string console, string action, ControlRequest request, CancellationToken ct)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync(
            $"/api/consoles/{Uri.EscapeDataString(console)}/{action}", request, ApiJson.Options, ct);
        await EnsureOkAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<ControlDone>(ApiJson.Options, ct))?.Status ?? "";
    }

    /// <summary>A one-time login link of the web dashboard for <paramref name="user"/> (<c>solwatch web url</c>).</summary>
    public async Task<SolWatch.ConsoleCapture.Web.LoginLink> LoginLinkAsync(string user, CancellationToken ct)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("/api/web/login-link", new SolWatch.ConsoleCapture.Web.LoginLinkRequest(user), ApiJson.Options, ct);
        await EnsureOkAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<SolWatch.ConsoleCapture.Web.LoginLink>(ApiJson.Options, ct))!;
    }

    /// <summary>
    /// Asks the daemon to re-read its configuration file (<c>PUT /api/config</c>); its answer whether applied, invalid
    /// (422) or refused (409).
    /// </summary>
    public async Task<Hosting.Reload.ReloadResult> ReloadAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/config");
        request.Headers.Add("X-SolWatch-User", Environment.UserName);
        using HttpResponseMessage response = await _http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict
            && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try
            {
                if (await response.Content.ReadFromJsonAsync<Hosting.Reload.ReloadResult>(ApiJson.Options, ct) is { Outcome: not null } result)
                {
                    return result;
                }
            }
            catch (JsonException)
            {
                // An older daemon or another answer: reported below.
            }
        }
        await EnsureOkAsync(response, ct);
        throw new CliException($"the daemon answered {(int)response.StatusCode} without a reload result; is it an older solwatch?");
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T?> GetAsync<T>(string url, CancellationToken ct)
    {
        using HttpResponseMessage response = await _http.GetAsync(url, ct);
        await EnsureOkAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, ct);
    }

    private static async Task EnsureOkAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        string message;
        try
        {
            message = (await response.Content.ReadFromJsonAsync<ApiError>(ApiJson.Options, ct))?.Error ?? response.ReasonPhrase ?? "";
        }
        catch (JsonException)
        {
            message = response.ReasonPhrase ?? "";
        }
        throw new CliException($"the daemon answered {(int)response.StatusCode}: {message}");
    }

    private static string QueryString(IncidentQuery q)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }
        Add("console", q.Console);
        Add("fingerprint", q.Fingerprint);
        Add("kind", q.Kind?.ToString());
        Add("since", q.Since?.ToString("O", CultureInfo.InvariantCulture));
        Add("until", q.Until?.ToString("O", CultureInfo.InvariantCulture));
        Add("limit", q.Limit.ToString(CultureInfo.InvariantCulture));
        return "?" + string.Join('&', parts);
    }
}
