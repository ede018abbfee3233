using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// <c>GET /web/events</c>: one server-sent-event stream per open page, so no page polls a console. <c>consoles</c>:
/// every console's row (<see cref="ConsoleRow"/>), sent at once, at every state change, and at most once a second while
/// counters move; <c>incident</c>: an incident stored or updated (the daemon's IncidentStored/IncidentUpdated events,
/// as the tail uses them), without its transcript; <c>lock</c>: a console's write lock changed hands.
/// </summary>
internal static class DashboardEvents
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(WebApplication app, WebDashboard web) =>
        app.MapGet("/web/events", async (HttpContext context) =>
        {
            if (WebAccess.Require(context, WebRole.Viewer) is { } refused)
            {
                await refused.ExecuteAsync(context);
                return;
            }
            IHostApplicationLifetime lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            await StreamAsync(context.Response, web, WebAccess.Session(context)!, stop.Token);
        });

    private static async Task StreamAsync(HttpResponse response, WebDashboard web, WebSession session, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        using EventSubscription events = web.Pipeline.Events.Subscribe(e => e is LineReceived or IncidentStored or IncidentUpdated or ConsoleStateChanged);
        var locks = Channel.CreateUnbounded<(string Console, WriteLockHolder? Holder)>();
        void OnLock(string console, WriteLockHolder? holder) => locks.Writer.TryWrite((console, holder));
        web.Locks.Changed += OnLock;
        web.OpenPages.AddOrUpdate(session.Id, 1, (_, n) => n + 1);
        try
        {
            ConcurrentDictionary<string, string> lastLines = LastLinesFromTranscripts(web);
            string sent = "";
            DateTimeOffset lastWrite = DateTimeOffset.UtcNow;
            while (!ct.IsCancellationRequested)
            {
                string rows = JsonSerializer.Serialize(Rows(web, lastLines), ApiJson.Options);
                if (rows != sent)
                {
                    await WriteAsync(response, "consoles", rows, ct);
                    sent = rows;
                    lastWrite = DateTimeOffset.UtcNow;
                }
                bool stateChanged = false;
                while (locks.Reader.TryRead(out var change))
                {
                    object? holder = change.Holder is { } h ? new LockView(h.User, h.Since, h.SessionId == session.Id) : null;
                    await WriteAsync(response, "lock", JsonSerializer.Serialize(new { console = change.Console, holder }, ApiJson.Options), ct);
                }
                if (DateTimeOffset.UtcNow - lastWrite > KeepAlive)
                {
                    await response.WriteAsync(": keepalive\n\n", ct);
                    lastWrite = DateTimeOffset.UtcNow;
                }
                await response.Body.FlushAsync(ct);
                // Wait for the next event or the next tick, whichever is first.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(Tick);
                try
                {
                    Task<bool> lockWait = locks.Reader.WaitToReadAsync(wait.Token).AsTask();
                    Task<bool> eventWait = events.Reader.WaitToReadAsync(wait.Token).AsTask();
                    await Task.WhenAny(lockWait, eventWait);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }
                while (events.Reader.TryRead(out DaemonEvent? e))
                {
                    switch (e)
                    {
                        case LineReceived line:
                            lastLines[line.Console] = line.Text;
                            break;
                        case ConsoleStateChanged:
                            stateChanged = true;
                            break;
                        case IncidentStored { Incident: var i }:
                            await WriteAsync(response, "incident", JsonSerializer.Serialize(Brief(i), ApiJson.Options), ct);
                            lastWrite = DateTimeOffset.UtcNow;
                            break;
                        case IncidentUpdated { Incident: var i }:
                            await WriteAsync(response, "incident", JsonSerializer.Serialize(Brief(i), ApiJson.Options), ct);
                            lastWrite = DateTimeOffset.UtcNow;
                            break;
                    }
                }
                // A page's counters move at most once a tick; a state change shows at once (the loop runs again now).
                if (!stateChanged && !ct.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed or the daemon stops: the stream ends.
        }
        finally
        {
            web.Locks.Changed -= OnLock;
            if (web.OpenPages.AddOrUpdate(session.Id, 0, (_, n) => n - 1) <= 0)
            {
                web.OpenPages.TryRemove(new KeyValuePair<string, int>(session.Id, 0));
                web.Locks.ReleaseAll(session.Id);
            }
        }
    }

    private static List<ConsoleRow> Rows(WebDashboard web, ConcurrentDictionary<string, string> lastLines) =>
        [.. web.Pipeline.Sessions.Values.Select(s => ConsoleRow.Of(web.Pipeline.StatusOf(s), lastLines.GetValueOrDefault(s.Name), WriteRoutes.WhyNotWritable(web, s.Name) is null))];

    // The last line of each console when the page opens: read once from the transcript (the minute before its last line).
    private static ConcurrentDictionary<string, string> LastLinesFromTranscripts(WebDashboard web)
    {
        var lines = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (ConsoleSession session in web.Pipeline.Sessions.Values)
        {
            if (session.Status.LastLineAt is { } at)
            {
                try
                {
                    if (web.Pipeline.Transcripts.Read(session.Name, at - TimeSpan.FromMinutes(1)).LastOrDefault() is { } last)
                    {
                        lines[session.Name] = last.Text;
                    }
                }
                catch (IOException)
                {
                    // A transcript being rotated: the row shows the next live line instead.
                }
            }
        }
        return lines;
    }

    // An incident for the list: no transcript lines, no attachment texts (a page fetches /api/incidents/ID for those).
    private static Incident Brief(Incident i) => i with
    {
        Context = [],
        CaptureTranscript = [],
        Attachments = [.. i.Attachments.Select(a => a with { Text = null })],
    };

    private static async Task WriteAsync(HttpResponse response, string name, string json, CancellationToken ct)
    {
        await response.WriteAsync($"event: {name}\ndata: {json}\n\n", ct);
    }
}
