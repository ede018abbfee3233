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

    /// <summary>Sessions one user may have; a new one ends the least recently used beyond this.</summary>
    public const int MaxPerUser = 64;

    private readonly ConcurrentDictionary<string, (WebSession Session, DateTimeOffset LastUsed)> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _creating = new();

    /// <summary>
    /// Starts a session for <paramref name="user"/>, dropping the sessions that expired unseen and the user's least
    /// recently used beyond <see cref="MaxPerUser"/>.
    /// </summary>
    /// <remarks>
    /// Why: an expired session used to go only when its cookie came back, and a client that keeps no cookies (a script
    /// behind <c>web.proxy</c>, which gets a session per request, or one logging in again and again) never brings it
    /// back: the table grew for as long as the daemon ran.
    /// </remarks>
    public WebSession Create(string user, WebRole role)
    {
        DateTimeOffset now = clock.GetUtcNow();
        var session = new WebSession(WebSecrets.NewToken(), user, role, WebSecrets.NewToken(), now);
        lock (_creating)
        {
            var mine = new List<(string Id, DateTimeOffset LastUsed)>();
            foreach ((string id, (WebSession other, DateTimeOffset lastUsed)) in _sessions)
            {
                if (Expired(other, lastUsed, now))
                {
                    _sessions.TryRemove(id, out _);
                }
                else if (other.User == user)
                {
                    mine.Add((id, lastUsed));
                }
            }
            foreach ((string id, _) in mine.OrderBy(m => m.LastUsed).Take(mine.Count - MaxPerUser + 1))
            {
                _sessions.TryRemove(id, out _);
            }
            _sessions[session.Id] = (session, now);
        }
        return session;
    }

    private static bool Expired(WebSession session, DateTimeOffset lastUsed, DateTimeOffset now) =>
        now - lastUsed > IdleLimit || now - session.Created > AgeLimit;

    /// <summary>The live session of cookie value <paramref name="id"/>, marked as used now; null when none or expired.</summary>
    public WebSession? Find(string? id)
    {
        if (id is null || !_sessions.TryGetValue(id, out var entry))
        {
            return null;
        }
        DateTimeOffset now = clock.GetUtcNow();
        if (Expired(entry.Session, entry.LastUsed, now))
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
