using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// What <c>solwatch bench web</c> asks the daemon, as a client would: the console list over the API (bearer token)
/// and as the dashboard gets it (the page, then the first <c>consoles</c> event of <c>/web/events</c>, with the
/// session cookie of a one-time login link), timed to the first byte; and the live views (tail streams, the
/// dashboard's event stream) read for stamped lines.
/// </summary>
internal sealed class WebProbes : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The daemon serves a session at most StreamLimits.PerSession streams and refuses more (429). The probes' event
    // streams overlap when the daemon is slow (each is started on time, not after the last): past the bound they would be
    // refused by the limit a real dashboard (one stream per page) never meets, and count as failed requests. So they have
    // a session of their own (not the live views') and wait for a slot, the wait counted in their time.
    private readonly SemaphoreSlim _eventSlots = new(ConsoleCapture.Web.StreamLimits.PerSession, ConsoleCapture.Web.StreamLimits.PerSession);
    private readonly HttpClient _api;
    private readonly HttpClient _web;
    private readonly HttpClient _streams;

    private WebProbes(HttpClient api, HttpClient web, HttpClient streams)
    {
        _api = api;
        _web = web;
        _streams = streams;
    }

    /// <summary>One timed request: its kind, the phase it started in, time to first byte, time to the whole answer.</summary>
    public sealed record Sample(string Kind, string Phase, TimeSpan FirstByte, TimeSpan Whole, bool Failed);

    /// <summary>Samples so far.</summary>
    public ConcurrentQueue<Sample> Samples { get; } = new();

    /// <summary>Logs in with a one-time link (the API's bearer client <paramref name="api"/> asks for it) and keeps the session cookie.</summary>
    public static async Task<WebProbes> LoginAsync(HttpClient api, CancellationToken ct)
    {
        HttpClient web = await SessionAsync(api, maxConnections: 256, Patience, ct).ConfigureAwait(false);
        var apiProbe = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = api.BaseAddress, Timeout = Patience };
        apiProbe.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;
        // Long-lived streams on their own client and session, so they take neither the probes' connections nor their
        // session's stream slots.
        HttpClient streams = await SessionAsync(api, maxConnections: int.MaxValue, Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false);
        streams.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;
        return new WebProbes(apiProbe, web, streams);
    }

    // A dashboard session of its own: a one-time login link asked for with the API's token, followed for its cookie.
    private static async Task<HttpClient> SessionAsync(HttpClient api, int maxConnections, TimeSpan timeout, CancellationToken ct)
    {
        using HttpResponseMessage link = await api.PostAsync(new Uri("/api/web/login-link", UriKind.Relative),
            new StringContent("{}", Encoding.UTF8, "application/json"), ct).ConfigureAwait(false);
        link.EnsureSuccessStatusCode();
        string url = JsonDocument.Parse(await link.Content.ReadAsStringAsync(ct).ConfigureAwait(false)).RootElement.GetProperty("url").GetString()!;
        var cookies = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true, MaxConnectionsPerServer = maxConnections })
        {
            BaseAddress = api.BaseAddress,
            Timeout = timeout,
        };
        using (HttpResponseMessage login = await client.GetAsync(new Uri(url), ct).ConfigureAwait(false))
        {
            login.EnsureSuccessStatusCode();
        }
        if (cookies.GetCookies(api.BaseAddress!).Count == 0)
        {
            client.Dispose();
            throw new InvalidOperationException($"the one-time login link {url} gave no session cookie");
        }
        return client;
    }

    /// <summary>
    /// Until <paramref name="stop"/>, every <paramref name="interval"/>: GET /api/consoles, the dashboard's page and a new
    /// /web/events stream up to its first console list; each started without waiting for the last (a slow daemon shows
    /// as overlapping requests, not as fewer samples). <paramref name="phase"/> names the phase a sample starts in.
    /// </summary>
    public async Task SampleAsync(TimeSpan interval, Func<string> phase, CancellationToken stop)
    {
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (long n = 1; !stop.IsCancellationRequested; n++)
        {
            string p = phase();
            running.Add(TimeAsync("api /api/consoles", p, () => _api.GetAsync(new Uri("/api/consoles", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead), ReadAllAsync));
            running.Add(TimeAsync("web page /", p, () => _web.GetAsync(new Uri("/", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead), ReadAllAsync));
            running.Add(TimeAsync("web /web/events list", p, () => _web.GetAsync(new Uri("/web/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead), FirstConsolesEventAsync, _eventSlots));
            running.RemoveAll(t => t.IsCompleted);
            TimeSpan due = (interval * n) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    // First byte: the response's headers (the server sends them with its first write), then the first byte of the
    // body; whole: until the answer (or, for the event stream, its first console list) is read.
    private async Task TimeAsync(string kind, string phase, Func<Task<HttpResponseMessage>> send, Func<Stream, Task> read, SemaphoreSlim? slots = null)
    {
        var clock = Stopwatch.StartNew();
        if (slots is not null)
        {
            await slots.WaitAsync().ConfigureAwait(false);
        }
        try
        {
            using HttpResponseMessage response = await send().ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var one = new byte[1];
            int got = await body.ReadAsync(one).ConfigureAwait(false);
            TimeSpan first = clock.Elapsed;
            if (got > 0)
            {
                await read(body).ConfigureAwait(false);
            }
            Samples.Enqueue(new Sample(kind, phase, first, clock.Elapsed, false));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            Samples.Enqueue(new Sample(kind, phase, clock.Elapsed, clock.Elapsed, true));
        }
        finally
        {
            slots?.Release();
        }
    }

    private static async Task ReadAllAsync(Stream body) => await body.CopyToAsync(Stream.Null).ConfigureAwait(false);

    // The stream's first event is the console list (its first byte was read already): read up to the blank line ending it.
    private static async Task FirstConsolesEventAsync(Stream body)
    {
        var buffer = new byte[1 << 16];
        byte last = 0;
        while (true)
        {
            int n = await body.ReadAsync(buffer).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("the event stream ended before its first console list");
            }
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] == '\n' && last == '\n')
                {
                    return;
                }
                last = buffer[i];
            }
        }
    }

    /// <summary>
    /// Follows <c>/api/consoles/NAME/tail</c> until <paramref name="stop"/>, calling <paramref name="onLine"/> with each
    /// line's text as it arrives.
    /// </summary>
    public Task TailAsync(string console, Action<string> onLine, TaskCompletionSource open, CancellationToken stop) =>
        ReadEventsAsync(open, $"/api/consoles/{Uri.EscapeDataString(console)}/tail", (name, data) =>
        {
            if (name is null && JsonDocument.Parse(data).RootElement.TryGetProperty("text", out JsonElement text))
            {
                onLine(text.GetString() ?? "");
            }
        }, stop);

    /// <summary>Follows <c>/web/events</c> as the consoles page does; <paramref name="onRows"/> gets each console list.</summary>
    public Task DashboardAsync(Action<JsonElement> onRows, TaskCompletionSource open, CancellationToken stop) =>
        ReadEventsAsync(open, "/web/events", (name, data) =>
        {
            if (name == "consoles")
            {
                onRows(JsonDocument.Parse(data).RootElement);
            }
        }, stop);

    // open is completed once the stream answered: the daemon subscribes before it answers, so a line sent after
    // that is one the stream must deliver.
    private async Task ReadEventsAsync(TaskCompletionSource open, string path, Action<string?, string> onEvent, CancellationToken stop)
    {
        try
        {
            using HttpResponseMessage response = await _streams.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            open.TrySetResult();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false));
            string? name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(stop).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        onEvent(name, data.ToString());
                    }
                    name = null;
                    data.Clear();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line, 6, line.Length - 6);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Done.
        }
        catch (IOException) when (stop.IsCancellationRequested)
        {
            // Closed under us when done.
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            open.TrySetException(new InvalidOperationException($"{path}: {e.Message}", e));
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _api.Dispose();
        _web.Dispose();
        _streams.Dispose();
        _eventSlots.Dispose();
    }
}
