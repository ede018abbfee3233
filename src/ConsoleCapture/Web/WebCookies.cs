using Microsoft.AspNetCore.Http;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// The dashboard's cookies and CSRF header. The session cookie is HttpOnly (no script reads it), SameSite=Strict (no
/// other site's page makes the browser send it) and Secure over HTTPS. State-changing requests also carry the
/// session's CSRF token in <see cref="CsrfHeader"/>, which a page of another origin cannot read or set.
/// </summary>
internal static class WebCookies
{
    public const string Session = "solwatch-session";

    /// <summary>The login form's double-submit cookie: its value must come back in the form's csrf field.</summary>
    public const string LoginCsrf = "solwatch-login-csrf";

    public const string CsrfHeader = "X-CSRF-Token";

    public static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    public static void SetSession(HttpResponse response, WebSession session) =>
        response.Cookies.Append(Session, session.Id, Options(response.HttpContext.Request));
}
