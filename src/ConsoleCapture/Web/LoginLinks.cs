using System.Collections.Concurrent;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// One-time login links (<c>solwatch web url</c>): the CLI, holding the API token, asks the daemon for one; the link
/// logs one browser in as admin once, within <see cref="Lifetime"/>. So the first user needs no users file: whoever can
/// read the token file is the local admin already.
/// </summary>
public sealed class LoginLinks(TimeProvider clock)
{
    /// <summary>How long a link stays usable.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string User, DateTimeOffset Expires)> _links = new(StringComparer.Ordinal);

    /// <summary>A new link token for <paramref name="user"/>.</summary>
    public string Issue(string user)
    {
        DateTimeOffset now = clock.GetUtcNow();
        foreach (var old in _links.Where(l => l.Value.Expires < now))
        {
            _links.TryRemove(old.Key, out _);
        }
        string token = WebSecrets.NewToken();
        _links[token] = (user, now + Lifetime);
        return token;
    }

    /// <summary>The user of <paramref name="token"/> if it is live, and the token is spent; null otherwise.</summary>
    public string? Redeem(string? token) =>
        token is not null && _links.TryRemove(token, out var link) && link.Expires >= clock.GetUtcNow() ? link.User : null;
}
