using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// Typing into a console from the browser: only operators and admins, only on consoles that take writes (not
/// readOnly, a collector that takes input), and only while holding the console's write lock (<see cref="WriteLocks"/>).
/// Every write goes through <see cref="ConsoleControl"/>, which logs it with the user (<c>web:NAME</c>).
/// </summary>
internal static class WriteRoutes
{
    public static void Map(WebApplication app, WebDashboard web)
    {
        app.MapGet("/web/locks", (HttpContext context) =>
            WebAccess.Require(context, WebRole.Viewer) ?? Results.Json(
                web.Locks.All().ToDictionary(l => l.Key, l => View(l.Value, WebAccess.Session(context)!)), ApiJson.Options));

        app.MapPost("/web/consoles/{name}/lock", (HttpContext context, string name, LockRequest request) =>
        {
            if (WebAccess.Require(context, WebRole.Operator) is { } refused)
            {
                return refused;
            }
            if (WhyNotWritable(web, name) is { } why)
            {
                return Results.Json(new ApiError(why), ApiJson.Options, statusCode: web.Pipeline.Sessions.ContainsKey(name) ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound);
            }
            WebSession session = WebAccess.Session(context)!;
            WriteLockResult result = web.Locks.Acquire(name, session, request.Force);
            if (!result.Granted)
            {
                return Results.Json(new LockRefused($"{result.Holder!.User} holds the write lock of {name} (since {result.Holder.Since:u}); take it with force", View(result.Holder, session)),
                    ApiJson.Options, statusCode: StatusCodes.Status409Conflict);
            }
            if (result.TakenFrom is { } from)
            {
                web.Log.LogWarning("Console {Console}: {User} forced the write lock from {Holder}", name, LogSafe.Text(session.User), LogSafe.Text(from.User));
            }
            return Results.Json(View(result.Holder!, session), ApiJson.Options);
        });

        app.MapPost("/web/consoles/{name}/unlock", (HttpContext context, string name) =>
        {
            if (WebAccess.Require(context, WebRole.Operator) is { } refused)
            {
                return refused;
            }
            WebSession session = WebAccess.Session(context)!;
            return web.Locks.Release(name, session, anyone: session.May(WebRole.Admin))
                ? Results.Json(new { released = true }, ApiJson.Options)
                : Results.Json(new ApiError($"you do not hold the write lock of {name}"), ApiJson.Options, statusCode: StatusCodes.Status409Conflict);
        });

        app.MapPost("/web/consoles/{name}/input", async (HttpContext context, string name, InputRequest request) =>
        {
            if (WebAccess.Require(context, WebRole.Operator) is { } refused)
            {
                return refused;
            }
            WebSession session = WebAccess.Session(context)!;
            if (!web.Locks.Holds(name, session))
            {
                string holder = web.Locks.Holder(name) is { } h ? $"{h.User} holds it" : "nobody holds it";
                return Results.Json(new ApiError($"take the write lock of {name} first ({holder})"), ApiJson.Options, statusCode: StatusCodes.Status409Conflict);
            }
            if (string.IsNullOrEmpty(request.Text))
            {
                return Results.Json(new ApiError("text: nothing to send"), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }
            try
            {
                await web.Control.SendAsync(name, request.Text, "web:" + session.User, context.RequestAborted);
                return Results.Json(new ControlDone("sent"), ApiJson.Options);
            }
            catch (ConsoleControlException e)
            {
                return Results.Json(new ApiError(e.Message), ApiJson.Options,
                    statusCode: e.Error == ConsoleControlError.BadRequest ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict);
            }
        });
    }

    /// <summary>Why the console takes no typing (readOnly, no input, not running), or null when it does.</summary>
    public static string? WhyNotWritable(WebDashboard web, string console)
    {
        if (!web.Pipeline.TryGetRunning(console, out var config, out IConsoleCollector collector))
        {
            return web.Pipeline.Sessions.ContainsKey(console) ? $"console {console} is not running" : $"no console {console}";
        }
        return config.ReadOnly ? $"console {console} is readOnly in the configuration"
            : collector is not IConsoleWriter ? $"console {console} ({config.Type}) takes no input"
            : null;
    }

    private static LockView View(WriteLockHolder holder, WebSession viewer) => new(holder.User, holder.Since, holder.SessionId == viewer.Id);
}

/// <summary>The body of a lock request.</summary>
/// <param name="Force">Take the lock from its holder.</param>
public sealed record LockRequest(bool Force = false);

/// <summary>The body of an input request.</summary>
/// <param name="Text">What was typed (as the terminal sends it: Enter is \r).</param>
public sealed record InputRequest(string? Text = null);

/// <summary>A console's write lock as a page sees it.</summary>
/// <param name="User">Who holds it.</param>
/// <param name="Since">Since when.</param>
/// <param name="Mine">Whether the asking session holds it.</param>
public sealed record LockView(string User, DateTimeOffset Since, bool Mine);

/// <summary>A lock request refused because someone else holds it.</summary>
/// <param name="Error">Who and how to take it anyway.</param>
/// <param name="Holder">The holder.</param>
public sealed record LockRefused(string Error, LockView Holder);
