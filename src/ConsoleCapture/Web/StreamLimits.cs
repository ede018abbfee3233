using Microsoft.AspNetCore.Http;
using SolWatch.ConsoleCapture.Api;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// Bounds the dashboard's open streams (<c>/web/events</c>, the consoles' <c>/raw</c>, and a session's
/// <c>/api/consoles/NAME/tail</c>): at most <see cref="PerSession"/> for one session, <see cref="PerUser"/> for one user
/// (whatever number of sessions they logged in) and <see cref="Total"/> for the whole daemon; a stream past any is
/// refused (429) before it subscribes to anything.
/// </summary>
/// <remarks>
/// Why: every raw stream holds a 256 KiB ring and a 48 KiB chunk, and capture copies each received chunk into every
/// ring. Without a bound one logged-in viewer (any role) opening hundreds of streams took the daemon from 130 MB to
/// 500 MB on one burst of console output and multiplied the copies capture makes; a login is cheap to repeat, hence the
/// total too. A browser over HTTP/1.1 opens at most 6 connections to a site, so <see cref="PerSession"/> still allows
/// many tabs over HTTP/2. The bound per user keeps one account that logs in again and again from taking every slot and
/// locking the other operators out of the live views.
/// </remarks>
internal sealed class StreamLimits
{
    /// <summary>Open streams one session may have.</summary>
    public const int PerSession = 16;

    /// <summary>Open streams one user may have over all their sessions: a quarter of <see cref="Total"/>.</summary>
    public const int PerUser = 64;

    /// <summary>Open streams the daemon serves at once.</summary>
    public const int Total = 256;

    private readonly Dictionary<string, int> _bySession = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byUser = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _total;

    /// <summary>A slot for a stream of <paramref name="sessionId"/>, a session of <paramref name="user"/> (dispose it when
    /// the stream ends), or null when a bound is reached.</summary>
    public IDisposable? TryOpen(string sessionId, string user)
    {
        lock (_gate)
        {
            int mine = _bySession.GetValueOrDefault(sessionId);
            int theirs = _byUser.GetValueOrDefault(user);
            if (mine >= PerSession || theirs >= PerUser || _total >= Total)
            {
                return null;
            }
            _bySession[sessionId] = mine + 1;
            _byUser[user] = theirs + 1;
            _total++;
        }
        return new Slot(this, sessionId, user);
    }

    /// <summary>Streams open now (all sessions).</summary>
    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>The answer to a stream past a bound.</summary>
    public static IResult Refused() => Results.Json(
        new ApiError($"too many open dashboard streams (at most {PerSession} a session, {PerUser} a user, {Total} in all): close some pages"),
        ApiJson.Options, statusCode: StatusCodes.Status429TooManyRequests);

    private void Close(string sessionId, string user)
    {
        lock (_gate)
        {
            _total--;
            Release(_bySession, sessionId);
            Release(_byUser, user);
        }
    }

    private static void Release(Dictionary<string, int> counts, string key)
    {
        int left = counts.GetValueOrDefault(key) - 1;
        if (left <= 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = left;
        }
    }

    private sealed class Slot(StreamLimits limits, string sessionId, string user) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                limits.Close(sessionId, user);
            }
        }
    }
}
