namespace SolWatch.ConsoleCapture.Web;

/// <summary>A logged-in browser.</summary>
/// <param name="Id">The session cookie's value (256 random bits, base64url).</param>
/// <param name="User">Who (a users-file name, the proxy's user, or <c>local:NAME</c> for a one-time link).</param>
/// <param name="Role">What the user may do.</param>
/// <param name="Csrf">The token every state-changing request of this session carries in <see cref="WebCookies.CsrfHeader"/>.</param>
/// <param name="Created">When the user logged in.</param>
public sealed record WebSession(string Id, string User, WebRole Role, string Csrf, DateTimeOffset Created)
{
    /// <summary>Whether the user's role is at least <paramref name="role"/>.</summary>
    public bool May(WebRole role) => Role >= role;
}
