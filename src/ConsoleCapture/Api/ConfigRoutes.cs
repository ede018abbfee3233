using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SolWatch.ConsoleCapture.Hosting.Reload;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// <c>PUT /api/config</c>: re-read the configuration file and apply the difference (<see cref="ConfigReloader"/>); the
/// body is empty (the daemon reads its own file: the API never writes configuration). 200 with what was applied,
/// 422 with the file's errors (nothing changed), 409 when there is no file or the daemon is stopping.
/// <c>GET /api/config</c>: the file and the last reload's answer. Behind the API's bearer token like every route.
/// </summary>
internal static class ConfigRoutes
{
    public static void Map(WebApplication app, ConfigReloader reloader)
    {
        app.MapPut("/api/config", async (HttpContext context) =>
        {
            if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                return Results.Json(new ApiError("PUT /api/config takes no body: edit the configuration file, then PUT again (the daemon re-reads its own file)"),
                    ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }
            string who = context.Request.Headers["X-SolWatch-User"].ToString() is { Length: > 0 } user ? $"{user} (API)" : "API";
            ReloadResult result = await reloader.ReloadAsync(who);
            int status = result.Outcome switch
            {
                ReloadResult.AppliedOutcome => StatusCodes.Status200OK,
                ReloadResult.Invalid => StatusCodes.Status422UnprocessableEntity,
                _ => StatusCodes.Status409Conflict,
            };
            return Results.Json(result, ApiJson.Options, statusCode: status);
        });
        app.MapGet("/api/config", () => Results.Json(new ConfigView(reloader.File, reloader.Last), ApiJson.Options));
    }
}

/// <summary>The answer of <c>GET /api/config</c>.</summary>
/// <param name="File">The configuration file, or null for the embedded default.</param>
/// <param name="LastReload">The last reload's answer, or null.</param>
public sealed record ConfigView(string? File, ReloadResult? LastReload);
