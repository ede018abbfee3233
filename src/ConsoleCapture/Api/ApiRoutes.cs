using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolWatch.ConsoleCapture.Collectors.Netconsole;
using SolWatch.ConsoleCapture.Hosting;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Reports;
using SolWatch.Parsers.Kdump;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// The HTTP API (loopback only, bearer token): incidents, consoles, live tail, transcripts, fleet, health, console
/// control. Every answer is JSON (<see cref="ApiJson"/>) except the tail, a server-sent-event stream of
/// <see cref="TailLine"/>, and the transcript, JSON Lines (<see cref="TranscriptExport"/>).
/// </summary>
internal static class ApiRoutes
{
    /// <summary>The most fingerprint groups one fleet answer holds (a group is a few hundred bytes, not a report).</summary>
    public const int MaxFleetGroups = 10_000;

    public static void Map(WebApplication app, CapturePipeline pipeline, string token, DateTimeOffset startedAt)
    {
        byte[] expected = Encoding.ASCII.GetBytes("Bearer " + token);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == ApiEndpoint.HelloPath)
            {
                // Before it sends the token, the CLI asks whoever listens here to prove it knows it (ApiEndpoint.Proof):
                // a process squatting on the port of a dead daemon cannot, and so never receives the token.
                string nonce = context.Request.Query["nonce"].ToString();
                if (!ApiEndpoint.IsNonce(nonce))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsJsonAsync(new ApiError("nonce: give 32 to 128 hex digits"), ApiJson.Options);
                    return;
                }
                await context.Response.WriteAsJsonAsync(new DaemonHello(ApiEndpoint.Proof(token, nonce), Environment.ProcessId), ApiJson.Options);
                return;
            }
            // The dashboard's pages, and a logged-in page's reads of /api, are let in by its session (Web.WebAccess).
            if (context.Items.ContainsKey(Web.WebAccess.AdmittedKey))
            {
                await next(context);
                return;
            }
            // Constant-time comparison: the token is the only thing between a local user and the console text.
            byte[] given = Encoding.ASCII.GetBytes(context.Request.Headers.Authorization.ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new ApiError("missing or wrong bearer token (the CLI reads it from the token file next to the database)"), ApiJson.Options);
                return;
            }
            await next(context);
        });

        app.MapGet("/api/health", () =>
        {
            StoreHealth store = pipeline.Incidents.Health;
            TranscriptHealth transcripts = pipeline.Transcripts.Health();
            int connected = pipeline.Sessions.Values.Count(s => s.Status.State == "Connected");
            // Degraded while something is wrong now (storing failing, transcripts failing or recently recreated); an error
            // that storing recovered from stays visible in store.lastError without keeping the daemon degraded.
            string status = store.FailingSince is null && store.Problem is null && !transcripts.Failing && !transcripts.Disrupted ? "ok" : "degraded";
            IReadOnlyList<NetconsoleHealth> netconsole = [.. pipeline.Shared.OfType<NetconsoleListener>().Select(l => l.Health)];
            return Results.Json(new HealthReport(status, startedAt, pipeline.Sessions.Count, connected, store, transcripts, netconsole), ApiJson.Options);
        });

        // Every request gets a list read after it arrived; the requests that arrive during one build share the next.
        var consoles = new SharedSnapshot<byte[]>(_ => JsonSerializer.SerializeToUtf8Bytes(pipeline.Sessions.Values.Select(pipeline.StatusOf).ToList(), ApiJson.Options));
        app.MapGet("/api/consoles", async (CancellationToken ct) =>
            Results.Bytes(await consoles.GetAsync(System.Diagnostics.Stopwatch.GetTimestamp(), ct), "application/json; charset=utf-8"));

        app.MapGet("/api/incidents", (HttpContext context) =>
        {
            // Paged (IncidentPages): at most MaxPageSize incidents an answer; X-Next-Before and Link name the next page.
            if (!ParseQuery(context.Request, out IncidentQuery? query, out string? error))
            {
                return BadRequest(error!);
            }
            // A list page leaves out the attachments' texts (each up to 4 Mi characters) unless asked: the names, sources
            // and errors say what there is; GET /api/incidents/{id} or attachments=full give the texts.
            string attachments = context.Request.Query["attachments"].ToString();
            if (attachments is not ("" or "full" or "summary"))
            {
                return BadRequest($"attachments: {attachments} is not summary (the default: texts left out) or full");
            }
            Incident? before = null;
            if (context.Request.Query["before"].ToString() is { Length: > 0 } beforeText)
            {
                if (!long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
                {
                    return BadRequest($"before: {beforeText} is not an incident id");
                }
                before = pipeline.Incidents.Get(id);
                if (before is null)
                {
                    return BadRequest($"before: no incident {id} (give the id of the last incident of the page before, as X-Next-Before said)");
                }
            }
            (IReadOnlyList<Incident> page, long? next, string? warning) = IncidentPages.Read(pipeline.Incidents, query!, before);
            if (attachments != "full")
            {
                page = [.. page.Select(WithoutAttachmentTexts)];
            }
            if (next is { } cursor)
            {
                string id = cursor.ToString(CultureInfo.InvariantCulture);
                var parameters = context.Request.Query
                    .Where(p => p.Key != "before")
                    .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}")
                    .Append($"before={id}");
                context.Response.Headers["X-Next-Before"] = id;
                context.Response.Headers.Link = $"</api/incidents?{string.Join('&', parameters)}>; rel=\"next\"";
            }
            // On a damaged database the readable incidents come back, and X-SolWatch-Warning names the unreadable ones.
            return Warned(context.Request, (page, warning));
        });

        app.MapGet("/api/incidents/{id:long}", (long id) =>
            pipeline.Incidents.Get(id) is { } incident
                ? Results.Json(incident, ApiJson.Options)
                : Results.Json(new ApiError($"no incident {id}"), ApiJson.Options, statusCode: StatusCodes.Status404NotFound));

        app.MapGet("/api/fleet", (HttpRequest request) =>
            !ParseQuery(request, out IncidentQuery? query, out string? error) ? BadRequest(error!)
            : query!.Limit > MaxFleetGroups ? BadRequest($"limit: at most {MaxFleetGroups} fingerprint groups an answer (narrow it with console, kind, since or until)")
            : Warned(request, pipeline.Incidents.ReadFleet(query) is var read ? (read.Groups, read.Warning) : default));

        app.MapGet("/api/kdump", () => Results.Json(KdumpFleetView.Of(pipeline), ApiJson.Options));

        HardwareRoutes.Map(app, pipeline);

        var control = new ConsoleControl(pipeline, app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
        app.MapPost("/api/consoles/{name}/send", (string name, ControlRequest request, CancellationToken ct) =>
            request.Text is { Length: > 0 } text
                ? Control(() => control.SendAsync(name, text, request.RequestedBy(), ct))
                : Task.FromResult(BadRequest("text: nothing to send")));
        app.MapPost("/api/consoles/{name}/break", (string name, ControlRequest request, CancellationToken ct) =>
            Control(() => control.BreakAsync(name, request.RequestedBy(), ct)));
        app.MapPost("/api/consoles/{name}/sysrq", (string name, ControlRequest request, CancellationToken ct) =>
            request.Key is { Length: 1 } key
                ? Control(() => control.SysrqAsync(name, key[0], request.RequestedBy(), ct))
                : Task.FromResult(BadRequest("key: give one SysRq key, e.g. t")));
        app.MapPost("/api/consoles/{name}/power", async (string name, ControlRequest request, CancellationToken ct) =>
        {
            string result = "";
            IResult answer = await Control(async () => result = await control.PowerAsync(name, request.Action ?? "", request.RequestedBy(), ct));
            return result.Length > 0 ? Results.Json(new ControlDone(result), ApiJson.Options) : answer;
        });

        app.MapGet("/api/consoles/{name}/transcript", (HttpContext context, string name) => TranscriptExport.WriteAsync(context, pipeline, name));

        app.MapGet("/api/consoles/{name}/tail", async (HttpContext context, string name) =>
        {
            if (!pipeline.Sessions.ContainsKey(name))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsJsonAsync(new ApiError($"no console {name} (solwatch consoles lists them)"), ApiJson.Options);
                return;
            }
            DateTimeOffset? since = null;
            if (context.Request.Query["since"].ToString() is { Length: > 0 } s)
            {
                if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsJsonAsync(new ApiError($"since: {s} is not a time"), ApiJson.Options);
                    return;
                }
                since = t;
            }
            IHostApplicationLifetime lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            await TailStream.WriteAsync(context.Response, pipeline, name, since, stop.Token);
        });
    }

    private static async Task<IResult> Control(Func<Task> write)
    {
        try
        {
            await write();
            return Results.Json(new ControlDone("sent"), ApiJson.Options);
        }
        catch (ConsoleControlException e)
        {
            int status = e.Error switch
            {
                ConsoleControlError.NotFound => StatusCodes.Status404NotFound,
                ConsoleControlError.BadRequest => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status409Conflict,
            };
            return Results.Json(new ApiError(e.Message), ApiJson.Options, statusCode: status);
        }
    }

    private static IResult BadRequest(string message) =>
        Results.Json(new ApiError(message), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);

    private static Incident WithoutAttachmentTexts(Incident incident) =>
        incident.Attachments.IsEmpty ? incident : incident with { Attachments = [.. incident.Attachments.Select(a => a with { Text = null })] };

    private static IResult Warned<T>(HttpRequest request, (T Body, string? Warning) result)
    {
        if (result.Warning is { } warning)
        {
            request.HttpContext.Response.Headers["X-SolWatch-Warning"] = warning;
        }
        return Results.Json(result.Body, ApiJson.Options);
    }

    private static bool ParseQuery(HttpRequest request, out IncidentQuery? query, out string? error)
    {
        query = null;
        error = null;
        var q = new IncidentQuery();
        IQueryCollection p = request.Query;
        if (p["console"].ToString() is { Length: > 0 } console)
        {
            q = q with { Console = console };
        }
        if (p["fingerprint"].ToString() is { Length: > 0 } fingerprint)
        {
            q = q with { Fingerprint = fingerprint };
        }
        if (p["kind"].ToString() is { Length: > 0 } kind)
        {
            // Spelled as scan and the incident JSON spell it (hung-task), or by the enum's name (HungTask) for older clients.
            if (!CrashKindName.TryParse(kind, out CrashKind k))
            {
                error = $"kind: {kind} is not one of {string.Join(", ", CrashKindName.All)}";
                return false;
            }
            q = q with { Kind = k };
        }
        foreach (string key in new[] { "since", "until" })
        {
            if (p[key].ToString() is { Length: > 0 } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t))
                {
                    error = $"{key}: {text} is not a time (ISO 8601)";
                    return false;
                }
                q = key == "since" ? q with { Since = t } : q with { Until = t };
            }
        }
        if (p["limit"].ToString() is { Length: > 0 } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) || limit < 1)
            {
                error = $"limit: {limitText} is not a positive number";
                return false;
            }
            q = q with { Limit = limit };
        }
        query = q;
        return true;
    }
}

/// <summary>A console control request (<c>solwatch send|break|sysrq|power</c>).</summary>
/// <param name="Text">send: the text to type.</param>
/// <param name="Key">sysrq: the key.</param>
/// <param name="User">Who asked: the local user name the CLI runs as (logged with the request).</param>
/// <param name="Action">power: status, on, off, cycle, reset or diag.</param>
public sealed record ControlRequest(string? Text = null, string? Key = null, string? User = null, string? Action = null)
{
    /// <summary>
    /// The user for the log line ("unknown" when the client named none): client-supplied, so
    /// <see cref="Hosting.ConsoleControl"/> escapes and bounds it (<see cref="Hosting.LogSafe"/>) before logging it.
    /// </summary>
    public string RequestedBy() => string.IsNullOrWhiteSpace(User) ? "unknown" : User;
}

/// <summary>The daemon's answer to <see cref="ApiEndpoint.HelloPath"/>.</summary>
/// <param name="Proof"><see cref="ApiEndpoint.Proof"/> of the token and the nonce asked.</param>
/// <param name="Pid">The daemon's process id.</param>
public sealed record DaemonHello(string Proof, int Pid);

/// <summary>A console control request that was done.</summary>
/// <param name="Status">"sent"; for power, what happened (e.g. "power on").</param>
public sealed record ControlDone(string Status);

/// <summary>An error answer.</summary>
/// <param name="Error">What went wrong and what to do.</param>
public sealed record ApiError(string Error);

/// <summary>The <c>tail</c> stream: transcript lines since a time, then live lines, as server-sent events.</summary>
internal static class TailStream
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task WriteAsync(HttpResponse response, CapturePipeline pipeline, string console, DateTimeOffset? since, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Subscribe before reading the transcript so no line falls between the two; duplicates are skipped by time.
        using EventSubscription live = pipeline.Events.Subscribe(e => e.Console == console && e is LineReceived or IncidentStored or IncidentUpdated);
        DateTimeOffset last = DateTimeOffset.MinValue;
        var noted = new Dictionary<long, string>();
        if (since is not null)
        {
            await pipeline.Transcripts.FlushAsync(ct);
            foreach (TranscriptLine line in pipeline.Transcripts.Read(console, since))
            {
                await WriteEventAsync(response, new TailLine(line.ReceivedAt, line.Text), ct);
                last = line.ReceivedAt;
            }
        }
        await response.Body.FlushAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(KeepAlive);
                bool more;
                try
                {
                    more = await live.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await response.WriteAsync(": keepalive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }
                if (!more)
                {
                    return;
                }
                while (live.Reader.TryRead(out DaemonEvent? e))
                {
                    if (e is LineReceived line && line.At >= last)
                    {
                        await WriteEventAsync(response, new TailLine(line.At, line.Text), ct);
                    }
                    else if (IncidentNote(e) is { } note && noted.GetValueOrDefault(note.Incident!.Value) != StoryOf(e))
                    {
                        // Once per change of the story: an update that only stored the lines after the crash, or that
                        // tells the story the "stored" note just told, says nothing new.
                        noted[note.Incident.Value] = StoryOf(e);
                        await WriteEventAsync(response, note, ct);
                    }
                }
                await response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Client gone or daemon stopping: the stream simply ends.
        }
    }

    // What a follower of the console sees of its incidents: one note when stored, one each time its kdump story moves on.
    internal static TailLine? IncidentNote(DaemonEvent e) => e switch
    {
        IncidentStored { Incident: var i } => new TailLine(e.At, $"[solwatch] incident {i.Id} stored: {i.Report.Title}" +
            (i.Report.Kdump is { } k ? $" (kdump {k.Outcome.Name()}: {k.Reason})" : ""), i.Id),
        IncidentUpdated { Incident: { Report.Kdump: { } k } i } => new TailLine(e.At, $"[solwatch] incident {i.Id} kdump {k.Outcome.Name()}: {k.Reason}", i.Id),
        _ => null,
    };

    // Where an incident's kdump story stands, as far as a follower is told of it; "" for none. While the outcome is
    // unknown, each new reason is news (the capture kernel booted, the save began). Once decided, only another verdict
    // is: a collector that reads the console in two parts can see makedumpfile's "Completed" before the save script's
    // "saving vmcore complete", and the reason is then refined ("vmcore saved to DIR/vmcore (makedumpfile completed…)",
    // then "vmcore saved to DIR/") with nothing a follower must act on. The stored incident keeps the refined reason.
    internal static string StoryOf(DaemonEvent e) => e switch
    {
        IncidentStored { Incident.Report.Kdump: { } k } => Story(k),
        IncidentUpdated { Incident.Report.Kdump: { } k } => Story(k),
        _ => "",
    };

    private static string Story(KdumpFinding k) => k.Outcome == KdumpOutcome.Unknown ? $"{k.Outcome.Name()}: {k.Reason}" : k.Outcome.Name();

    private static async Task WriteEventAsync(HttpResponse response, TailLine line, CancellationToken ct)
    {
        await response.WriteAsync("data: ", ct);
        await response.WriteAsync(JsonSerializer.Serialize(line, ApiJson.Options), ct);
        await response.WriteAsync("\n\n", ct);
    }
}
