using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Api;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// Who a browser request comes from and what it may reach. A session (cookie, or a trusted proxy's user header) may
/// GET /api (the pages read their data there) but never change anything there: /api's POSTs stay the CLI's, with its
/// bearer token. The dashboard's paths (pages, /static, /web, /login) check the session in their routes
/// (<see cref="Require"/>): pages send the anonymous to the login page, /web answers 401, and a state-changing request
/// without the session's CSRF token is refused.
/// </summary>
internal static class WebAccess
{
    /// <summary>Set on a request the API's token check must let through (see <see cref="Api.ApiRoutes.Map"/>).</summary>
    public const string AdmittedKey = "solwatch.web.admitted";

    private const string SessionKey = "solwatch.web.session";

    public static void Use(WebApplication app, WebDashboard web)
    {
        app.Use(async (context, next) =>
        {
            // Console text is hostile and reaches many answers verbatim (JSON keeps < and > readable): whatever the route.
            PageRoutes.SecureData(context.Response);
            PathString path = context.Request.Path;
            if (path == ApiEndpoint.HelloPath)
            {
                await next(context);
                return;
            }
            bool api = path.StartsWithSegments("/api");
            // A request with a bearer token is the CLI's: the token decides, not a cookie that came along.
            if (api && context.Request.Headers.Authorization.Count > 0)
            {
                await next(context);
                return;
            }
            (WebSession? session, string? refused) = Resolve(context, web);
            if (refused is not null)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync(refused + "\n");
                return;
            }
            context.Items[SessionKey] = session;
            if ((!api && IsDashboardPath(path)) || (api && session is not null && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))))
            {
                context.Items[AdmittedKey] = true;
            }
            // A session's tail of a console (/api/consoles/NAME/tail) is a stream like the dashboard's own, and counts
            // against the same bounds: capture delivers every line to every open tail.
            if (api && session is not null && path.Value!.EndsWith("/tail", StringComparison.Ordinal))
            {
                using IDisposable? slot = web.Streams.TryOpen(session.Id, session.User);
                if (slot is null)
                {
                    await StreamLimits.Refused().ExecuteAsync(context);
                    return;
                }
                await next(context);
                return;
            }
            await next(context);
        });
    }

    // The dashboard's own paths; any other path stays behind the API's token check as before (a 401, not a 404).
    private static bool IsDashboardPath(PathString path) =>
        path == "/" || path == "/login" || path == "/login/once" || path == "/logout" || path == "/fleet" || path == "/alerts" || path == "/incidents"
        || path.StartsWithSegments("/static") || path.StartsWithSegments("/web") || path.StartsWithSegments("/consoles")
        || path.StartsWithSegments("/incidents");

    /// <summary>The request's session, or null.</summary>
    public static WebSession? Session(HttpContext context) => context.Items.TryGetValue(SessionKey, out object? s) ? s as WebSession : null;

    /// <summary>
    /// Null when the request's session has <paramref name="role"/> (and, for a state-changing request, carries the
    /// session's CSRF token); otherwise the refusal to answer with.
    /// </summary>
    public static IResult? Require(HttpContext context, WebRole role)
    {
        WebSession? session = Session(context);
        if (session is null)
        {
            return Results.Json(new ApiError("not logged in (open /login, or solwatch web url prints a one-time link)"), ApiJson.Options, statusCode: StatusCodes.Status401Unauthorized);
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !WebSecrets.SameToken(context.Request.Headers[WebCookies.CsrfHeader].ToString(), session.Csrf))
        {
            return Results.Json(new ApiError($"missing or wrong {WebCookies.CsrfHeader} (reload the page)"), ApiJson.Options, statusCode: StatusCodes.Status403Forbidden);
        }
        if (!session.May(role))
        {
            return Results.Json(new ApiError($"{session.User} is {session.Role.Name()}; this needs {role.Name()}"), ApiJson.Options, statusCode: StatusCodes.Status403Forbidden);
        }
        return null;
    }

    // The session of the cookie, or of the trusted proxy's user header (a session is made for that user on first sight,
    // so the proxy's users get a CSRF token like everyone else).
    private static (WebSession? Session, string? Refused) Resolve(HttpContext context, WebDashboard web)
    {
        WebSession? session = web.Sessions.Find(context.Request.Cookies[WebCookies.Session]);
        if (web.Config.Proxy is not { } proxy || context.Connection.RemoteIpAddress is not { } remote
            || !remote.Equals(proxy.Address) && !(remote.IsIPv4MappedToIPv6 && remote.MapToIPv4().Equals(proxy.Address)))
        {
            return (session, null);
        }
        string user = context.Request.Headers[proxy.UserHeader].ToString();
        if (user.Length == 0 || session?.User == user)
        {
            return (session, null);
        }
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
        if (known is null)
        {
            web.Log.LogWarning("Web: the proxy names user {User}, who is not in the users file; refused", Hosting.LogSafe.Text(user));
            return (null, $"user {user} has no role here (add a line to the users file)");
        }
        session = web.Sessions.Create(user, known.Role);
        WebCookies.SetSession(context.Response, session);
        web.Log.LogInformation("Web: {User} ({Role}) logged in through the proxy", Hosting.LogSafe.Text(user), known.Role.Name());
        return (session, null);
    }
}
