using System.Collections.Concurrent;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// The daemon's logged-in browsers, in memory: a restart logs everyone out (as it also drops the API token). A session
/// unused for <see cref="IdleLimit"/> ends; so does one older than <see cref="AgeLimit"/>.
/// </summary>
public sealed class SessionStore(TimeProvider clock)
{
    /// <summary>A session unused this long is gone.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromHours(8);

    /// <summary>No session lives longer than this.</summary>
    public static readonly TimeSpan AgeLimit = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, (WebSession Session, DateTimeOffset LastUsed)> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session for <paramref name="user"/>.</summary>
    public WebSession Create(string user, WebRole role)
    {
        DateTimeOffset now = clock.GetUtcNow();
        var session = new WebSession(WebSecrets.NewToken(), user, role, WebSecrets.NewToken(), now);
        _sessions[session.Id] = (session, now);
        return session;
    }

    /// <summary>The live session of cookie value <paramref name="id"/>, marked as used now; null when none or expired.</summary>
    public WebSession? Find(string? id)
    {
        if (id is null || !_sessions.TryGetValue(id, out var entry))
        {
            return null;
        }
        DateTimeOffset now = clock.GetUtcNow();
        if (now - entry.LastUsed > IdleLimit || now - entry.Session.Created > AgeLimit)
        {
            _sessions.TryRemove(id, out _);
            return null;
        }
        _sessions[id] = (entry.Session, now);
        return entry.Session;
    }

    /// <summary>Ends the session (logout).</summary>
    public void End(string id) => _sessions.TryRemove(id, out _);

    /// <summary>The live sessions (for admins), newest first.</summary>
    public IReadOnlyList<WebSession> All() => [.. _sessions.Values.Select(e => e.Session).OrderByDescending(s => s.Created)];
}
