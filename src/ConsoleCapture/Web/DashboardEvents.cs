using System.Diagnostics;
using System.Runtime.CompilerServices;
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
/// every console's row (<see cref="ConsoleRow"/>), sent at once, within <see cref="ConsoleListFeed.StateTick"/> of a
/// state change, and at most once a <see cref="ConsoleListFeed.Tick"/> while counters move (the list is built once for
/// all pages: <see cref="ConsoleListFeed"/>); <c>incident</c>: an incident stored or updated (the daemon's
/// IncidentStored/IncidentUpdated events, as the tail uses them), without its transcript; <c>lock</c>: a console's
/// write lock changed hands. A slow page is never queued for: it gets the newest list when it has taken the last.
/// </summary>
internal static class DashboardEvents
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    // Each incident's event data, serialized once for all the pages that show it.
    private static readonly ConditionalWeakTable<Incident, string> Briefs = [];

    public static void Map(WebApplication app, WebDashboard web) =>
        app.MapGet("/web/events", async (HttpContext context) =>
        {
            if (WebAccess.Require(context, WebRole.Viewer) is { } refused)
            {
                await refused.ExecuteAsync(context);
                return;
            }
            using IDisposable? slot = web.Streams.TryOpen(WebAccess.Session(context)!.Id, WebAccess.Session(context)!.User);
            if (slot is null)
            {
                await StreamLimits.Refused().ExecuteAsync(context);
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
        // No line events: the rows' last lines come from the sessions, so capture does no work per line for a page.
        using EventSubscription events = web.Pipeline.Events.Subscribe(e => e is IncidentStored or IncidentUpdated or ConsoleStateChanged, capacity: 1024);
        var locks = Channel.CreateUnbounded<(string Console, WriteLockHolder? Holder)>();
        void OnLock(string console, WriteLockHolder? holder) => locks.Writer.TryWrite((console, holder));
        web.Locks.Changed += OnLock;
        web.OpenPages.AddOrUpdate(session.Id, 1, (_, n) => n + 1);
        try
        {
            // The first list: one built within the last tick will do (the pages opened in one tick share it).
            long now = Stopwatch.GetTimestamp();
            ConsoleList list = await web.ConsoleList.GetAsync(now - (long)(ConsoleListFeed.Tick.TotalSeconds * Stopwatch.Frequency), ct);
            await response.Body.WriteAsync(list.Event, ct);
            await response.Body.FlushAsync(ct);
            long sent = list.Version;
            long lastWrite = Stopwatch.GetTimestamp();
            long due = ConsoleListFeed.NextBoundary(lastWrite, ConsoleListFeed.Tick);
            while (!ct.IsCancellationRequested)
            {
                TimeSpan wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await WaitAsync(events.Reader, locks.Reader, wait, ct);
                }
                bool wrote = false;
                while (events.Reader.TryRead(out DaemonEvent? e))
                {
                    switch (e)
                    {
                        case ConsoleStateChanged:
                            due = Math.Min(due, ConsoleListFeed.NextBoundary(Stopwatch.GetTimestamp(), ConsoleListFeed.StateTick));
                            break;
                        case IncidentStored { Incident: var i }:
                            await WriteAsync(response, "incident", BriefJson(i), ct);
                            wrote = true;
                            break;
                        case IncidentUpdated { Incident: var i }:
                            await WriteAsync(response, "incident", BriefJson(i), ct);
                            wrote = true;
                            break;
                    }
                }
                while (locks.Reader.TryRead(out var change))
                {
                    object? holder = change.Holder is { } h ? new LockView(h.User, h.Since, h.SessionId == session.Id) : null;
                    await WriteAsync(response, "lock", JsonSerializer.Serialize(new { console = change.Console, holder }, ApiJson.Options), ct);
                    wrote = true;
                }
                if (Stopwatch.GetTimestamp() >= due)
                {
                    // Every page due at this boundary asks for a list built since: the first one builds it.
                    list = await web.ConsoleList.GetAsync(due, ct);
                    if (list.Version != sent)
                    {
                        await response.Body.WriteAsync(list.Event, ct);
                        sent = list.Version;
                        wrote = true;
                    }
                    due = ConsoleListFeed.NextBoundary(Stopwatch.GetTimestamp(), ConsoleListFeed.Tick);
                }
                if (wrote)
                {
                    lastWrite = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(lastWrite) > KeepAlive)
                {
                    await response.WriteAsync(": keepalive\n\n", ct);
                    lastWrite = Stopwatch.GetTimestamp();
                    wrote = true;
                }
                if (wrote)
                {
                    await response.Body.FlushAsync(ct);
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

    // Until an event or a lock change can be read, or the timeout.
    private static async Task WaitAsync(ChannelReader<DaemonEvent> events, ChannelReader<(string, WriteLockHolder?)> locks, TimeSpan timeout, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            await Task.WhenAny(events.WaitToReadAsync(wait.Token).AsTask(), locks.WaitToReadAsync(wait.Token).AsTask());
        }
        finally
        {
            // The wait that did not end is cancelled, so no channel keeps a waiter per round.
            await wait.CancelAsync();
        }
        ct.ThrowIfCancellationRequested();
    }

    private static string BriefJson(Incident i) =>
        Briefs.GetValue(i, incident => JsonSerializer.Serialize(Brief(incident), ApiJson.Options));

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
