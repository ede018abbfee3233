using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// Logging in and out: the login form (users file), one-time links (<c>solwatch web url</c>, which asks
/// <c>POST /api/web/login-link</c> with the CLI's token), the session's own description for the pages, and the list of
/// sessions for admins. The login form is protected against login CSRF by a double-submit cookie.
/// </summary>
internal static class LoginRoutes
{
    public static void Map(WebApplication app, WebDashboard web)
    {
        app.MapGet("/login", (HttpContext context) => LoginPage(context, web, null));

        app.MapPost("/login", async (HttpContext context) =>
        {
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (!WebSecrets.SameToken(form["csrf"].ToString(), context.Request.Cookies[WebCookies.LoginCsrf] ?? "\0"))
            {
                return LoginPage(context, web, "The form expired; try again.", StatusCodes.Status403Forbidden);
            }
            IPAddress? from = context.Connection.RemoteIpAddress;
            if (web.Throttle.Begin(from, out DateTimeOffset attempt) is { } wait && wait > TimeSpan.Zero)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return LoginPage(context, web, $"Too many failed logins from this address: try again in {(int)Math.Ceiling(wait.TotalMinutes)} min.",
                    StatusCodes.Status429TooManyRequests);
            }
            string user = form["user"].ToString();
            string password = form["password"].ToString();
            WebUser? known = null;
            if (web.Config.UsersFile is { } file)
            {
                try
                {
                    known = UsersFile.Read(file).GetValueOrDefault(user);
                }
                catch (UsersFileException e)
                {
                    web.Log.LogError("Web: cannot read the users file: {Error}", e.Message);
                }
            }
            // The same answer for an unknown user and a wrong password: the form does not tell which names exist.
            if (known is null || !await web.Throttle.CheckAsync(() => PasswordHashing.Verify(known.PasswordHash, password), context.RequestAborted))
            {
                web.Log.LogWarning("Web: failed login for {User} from {Address}", LogSafe.Text(user), from);
                // A second's pause per failure: guessing passwords one request at a time stays slow.
                await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted);
                return LoginPage(context, web, web.Config.UsersFile is null
                    ? "No users file is configured (web.usersFile); log in with the link that solwatch web url prints."
                    : "Wrong user name or password.", StatusCodes.Status401Unauthorized);
            }
            web.Throttle.Succeeded(from, attempt);
            WebSession session = web.Sessions.Create(known.Name, known.Role);
            web.Log.LogInformation("Web: {User} ({Role}) logged in from {Address}", LogSafe.Text(known.Name), known.Role.Name(), context.Connection.RemoteIpAddress);
            WebCookies.SetSession(context.Response, session);
            context.Response.Cookies.Delete(WebCookies.LoginCsrf);
            return Results.Redirect(LocalPath(form["next"].ToString()));
        });

        app.MapPost("/api/web/login-link", (LoginLinkRequest request) =>
        {
            string user = "local:" + (string.IsNullOrWhiteSpace(request.User) ? "admin" : request.User);
            string token = web.Links.Issue(user);
            web.Log.LogInformation("Web: one-time login link issued for {User}", LogSafe.Text(user));
            return Results.Json(new LoginLink($"{web.BaseUrl}/login/once?token={token}", DateTimeOffset.UtcNow + LoginLinks.Lifetime), ApiJson.Options);
        });

        app.MapGet("/login/once", (HttpContext context) =>
        {
            PageRoutes.Secure(context.Response);
            if (web.Links.Redeem(context.Request.Query["token"].ToString()) is not { } user)
            {
                return LoginPage(context, web, "That login link was used already or has expired; solwatch web url prints a new one.", StatusCodes.Status401Unauthorized);
            }
            WebSession session = web.Sessions.Create(user, WebRole.Admin);
            web.Log.LogInformation("Web: {User} (admin) logged in with a one-time link", LogSafe.Text(user));
            WebCookies.SetSession(context.Response, session);
            // A page, not a redirect: the link comes from outside (a terminal), and a SameSite=Strict cookie is not sent
            // on a redirect that a cross-site navigation started; the page's own link to / is same-site.
            return Results.Content(StaticAssets.Text("logged-in.html"), "text/html; charset=utf-8");
        });

        app.MapPost("/logout", (HttpContext context) =>
        {
            if (WebAccess.Require(context, WebRole.Viewer) is { } refused)
            {
                return refused;
            }
            WebSession session = WebAccess.Session(context)!;
            web.Sessions.End(session.Id);
            web.Locks.ReleaseAll(session.Id);
            context.Response.Cookies.Delete(WebCookies.Session);
            web.Log.LogInformation("Web: {User} logged out", LogSafe.Text(session.User));
            return Results.Json(new { loggedOut = true }, ApiJson.Options);
        });

        app.MapGet("/web/session", (HttpContext context) =>
            WebAccess.Require(context, WebRole.Viewer) ?? (WebAccess.Session(context) is { } s
                ? Results.Json(new SessionView(s.User, s.Role.Name(), s.Csrf), ApiJson.Options)
                : Results.StatusCode(StatusCodes.Status401Unauthorized)));

        app.MapGet("/web/kinds", (HttpContext context) =>
            WebAccess.Require(context, WebRole.Viewer) ?? Results.Json(CrashKindName.All, ApiJson.Options));

        app.MapGet("/web/sessions", (HttpContext context) =>
            WebAccess.Require(context, WebRole.Admin)
            ?? Results.Json(web.Sessions.All().Select(s => new { s.User, Role = s.Role.Name(), s.Created }), ApiJson.Options));
    }

    private static IResult LoginPage(HttpContext context, WebDashboard web, string? message, int status = StatusCodes.Status200OK)
    {
        PageRoutes.Secure(context.Response);
        string csrf = WebSecrets.NewToken();
        context.Response.Cookies.Append(WebCookies.LoginCsrf, csrf, WebCookies.Options(context.Request));
        string next = LocalPath(context.Request.HasFormContentType ? "/" : context.Request.Query["next"].ToString());
        string html = StaticAssets.Text("login.html")
            .Replace("{{csrf}}", csrf, StringComparison.Ordinal)
            .Replace("{{next}}", WebUtility.HtmlEncode(next), StringComparison.Ordinal)
            .Replace("{{message}}", WebUtility.HtmlEncode(message ?? ""), StringComparison.Ordinal)
            .Replace("{{hint}}", web.Config.UsersFile is null ? "No users file is configured: run <code>solwatch web url</code> on this machine for a one-time admin link." : "", StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    // Only a path of this site: an open redirect after login would hand the fresh session's user to another site.
    // No control characters either: a browser drops tabs and newlines from a Location before parsing it (WHATWG URL),
    // so "/<TAB>/evil.example" would become "//evil.example", another host.
    internal static string LocalPath(string next) =>
        next.StartsWith('/') && !next.StartsWith("//", StringComparison.Ordinal) && !next.StartsWith("/\\", StringComparison.Ordinal)
        && !next.Any(char.IsControl) ? next : "/";
}

/// <summary>The body of <c>POST /api/web/login-link</c>.</summary>
/// <param name="User">The local user the CLI runs as (the session is called local:USER).</param>
public sealed record LoginLinkRequest(string? User = null);

/// <summary>A one-time login link.</summary>
/// <param name="Url">Open it in a browser.</param>
/// <param name="Expires">It is refused after this.</param>
public sealed record LoginLink(string Url, DateTimeOffset Expires);

/// <summary>What a page knows of its session (<c>GET /web/session</c>).</summary>
/// <param name="User">Who is logged in.</param>
/// <param name="Role">viewer, operator or admin.</param>
/// <param name="Csrf">The token to send in X-CSRF-Token with every state-changing request.</param>
public sealed record SessionView(string User, string Role, string Csrf);
