using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// The pages (static HTML whose scripts read /api and /web/events) and their assets. A page needs a session (else the
/// login page); the assets do not (the login page uses them, and they hold no data). Every answer forbids framing and
/// loading scripts from anywhere but here.
/// </summary>
internal static class PageRoutes
{
    // xterm.js sets inline styles on its elements; no inline script runs anywhere.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    // Every other answer (the JSON of /api and /web, transcripts, errors) is data, never a document: should a browser
    // be made to open one (a transcript link, an error naming a console), nothing in it may run, load or frame.
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    public static void Map(WebApplication app)
    {
        Page(app, "/", "consoles.html");
        Page(app, "/consoles/{name}", "console.html");
        Page(app, "/incidents", "incidents.html");
        Page(app, "/incidents/{id:long}", "incident.html");
        Page(app, "/fleet", "fleet.html");
        Page(app, "/alerts", "alerts.html");
        app.MapGet("/static/{**file}", (HttpContext context, string file) =>
        {
            if (StaticAssets.Find(file) is not { } asset)
            {
                return Results.NotFound();
            }
            Secure(context.Response);
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(asset.Bytes, asset.ContentType);
        });
    }

    /// <summary>The headers every dashboard answer carries.</summary>
    public static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    /// <summary>
    /// The headers every answer of the daemon starts with (<see cref="WebAccess"/> sets them before any route runs):
    /// those of <see cref="Secure"/> with <see cref="DataPolicy"/>, and no-store, since what /api and /web answer a
    /// session (console text, the CSRF token) must not stay in a cache. Pages and assets set their own policy and caching.
    /// </summary>
    public static void SecureData(HttpResponse response)
    {
        Secure(response);
        response.Headers.ContentSecurityPolicy = DataPolicy;
        response.Headers.CacheControl = "no-store";
    }

    private static void Page(WebApplication app, string pattern, string file) =>
        app.MapGet(pattern, (HttpContext context) =>
        {
            Secure(context.Response);
            if (WebAccess.Session(context) is null)
            {
                return Results.Redirect("/login?next=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            }
            context.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(StaticAssets.Find(file)!.Value.Bytes, "text/html; charset=utf-8");
        });
}
