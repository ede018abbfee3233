using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// <c>GET /web/consoles/{name}/raw?since=TIME</c>, the console page's terminal, as server-sent events: first the
/// transcript's lines since TIME received before the stream began (<c>line</c>, the scrollback), then <c>live</c>, then
/// the console's bytes as received (<c>raw</c>, base64), through <see cref="RawTerminalFilter"/>, with SolWatch's
/// incident notes between them (<c>note</c>, as the tail shows them). Capture never waits for a page: each stream has
/// its own <see cref="RawViewer"/>, which loses its oldest bytes when the page falls behind, and the page then sees how
/// many (<see cref="RawTerminalFilter.SkipMarker"/>). The stream ends with the console's session (a reload that
/// restarted it): the page's EventSource reconnects to the new one. Any logged-in role may watch; typing stays with
/// <see cref="WriteRoutes"/>.
/// </summary>
internal static class RawConsoleStream
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    // Bytes taken from the viewer per event (its base64 is a third more).
    private const int ChunkBytes = 48 * 1024;

    public static void Map(WebApplication app, WebDashboard web) =>
        app.MapGet("/web/consoles/{name}/raw", async (HttpContext context, string name) =>
        {
            if (WebAccess.Require(context, WebRole.Viewer) is { } refused)
            {
                await refused.ExecuteAsync(context);
                return;
            }
            if (!web.Pipeline.Sessions.TryGetValue(name, out ConsoleSession? session))
            {
                await Results.Json(new ApiError($"no console {name}"), ApiJson.Options, statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
                return;
            }
            DateTimeOffset? since = null;
            if (context.Request.Query["since"].ToString() is { Length: > 0 } s)
            {
                if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t))
                {
                    await Results.Json(new ApiError($"since: {s} is not a time"), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                    return;
                }
                since = t;
            }
            using IDisposable? slot = web.Streams.TryOpen(WebAccess.Session(context)!.Id, WebAccess.Session(context)!.User);
            if (slot is null)
            {
                await StreamLimits.Refused().ExecuteAsync(context);
                return;
            }
            IHostApplicationLifetime lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            try
            {
                await StreamAsync(context.Response, web, session, since, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // The page closed or the daemon stops: the stream ends.
            }
        });

    private static async Task StreamAsync(HttpResponse response, WebDashboard web, ConsoleSession session, DateTimeOffset? since, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        string console = session.Name;
        // Watch first, then read the transcript up to that moment: what came since is in the raw bytes, not twice.
        using RawViewer viewer = session.Raw.Subscribe();
        using EventSubscription events = web.Pipeline.Events.Subscribe(e => e.Console == console && e is IncidentStored or IncidentUpdated, capacity: 256);
        DateTimeOffset live = DateTimeOffset.UtcNow;
        if (since is not null)
        {
            await web.Pipeline.Transcripts.FlushAsync(ct);
            foreach (TranscriptLine line in web.Pipeline.Transcripts.Read(console, since))
            {
                if (line.ReceivedAt >= live)
                {
                    break;
                }
                // Framed lines hold no escape sequences, but C1 controls or such may be left: the same filter applies.
                await WriteAsync(response, "line", JsonSerializer.Serialize(new TailLine(line.ReceivedAt, RawTerminalFilter.Text(line.Text)), ApiJson.Options), ct);
            }
        }
        await WriteAsync(response, "live", JsonSerializer.Serialize(new { at = live }, ApiJson.Options), ct);
        await response.Body.FlushAsync(ct);

        var filter = new RawTerminalFilter();
        byte[] chunk = new byte[ChunkBytes];
        var filtered = new ArrayBufferWriter<byte>(ChunkBytes + 1024);
        var noted = new Dictionary<long, string>();
        long lastWrite = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            bool ended = await WaitAsync(viewer, events.Reader, KeepAlive, ct);
            bool wrote = false;
            while (viewer.Take(chunk, out long skipped) is var n && (n > 0 || skipped > 0))
            {
                filtered.ResetWrittenCount();
                if (skipped > 0)
                {
                    // The page fell behind: what it had of an unfinished sequence or character is gone with the rest.
                    filter.Reset();
                    filtered.Write(RawTerminalFilter.SkipMarker(skipped));
                }
                filter.Write(chunk.AsSpan(0, n), filtered);
                if (filtered.WrittenCount > 0)
                {
                    await WriteAsync(response, "raw", Convert.ToBase64String(filtered.WrittenSpan), ct);
                    wrote = true;
                }
            }
            while (events.Reader.TryRead(out DaemonEvent? e))
            {
                if (TailStream.IncidentNote(e) is { } note && noted.GetValueOrDefault(note.Incident!.Value) != TailStream.StoryOf(e))
                {
                    noted[note.Incident.Value] = TailStream.StoryOf(e);
                    await WriteAsync(response, "note", JsonSerializer.Serialize(note with { Text = RawTerminalFilter.Text(note.Text) }, ApiJson.Options), ct);
                    wrote = true;
                }
            }
            if (ended)
            {
                await response.Body.FlushAsync(ct);
                return;
            }
            if (!wrote && System.Diagnostics.Stopwatch.GetElapsedTime(lastWrite) >= KeepAlive)
            {
                await response.WriteAsync(": keepalive\n\n", ct);
                wrote = true;
            }
            if (wrote)
            {
                await response.Body.FlushAsync(ct);
                lastWrite = System.Diagnostics.Stopwatch.GetTimestamp();
            }
        }
    }

    // Until bytes or an event may be read, or the timeout; true when the viewer ended (its session did).
    private static async Task<bool> WaitAsync(RawViewer viewer, ChannelReader<DaemonEvent> events, TimeSpan timeout, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        Task<bool> raw = viewer.WaitAsync(wait.Token).AsTask();
        Task<bool> incident = events.WaitToReadAsync(wait.Token).AsTask();
        await Task.WhenAny(raw, incident);
        // The wait that did not end is cancelled, so no channel keeps a waiter per round.
        await wait.CancelAsync();
        ct.ThrowIfCancellationRequested();
        try
        {
            return !await raw;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task WriteAsync(HttpResponse response, string name, string data, CancellationToken ct) =>
        await response.WriteAsync($"event: {name}\ndata: {data}\n\n", ct);
}
