using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// The operators' dashboard: pages and their assets, login (users file, trusted proxy, one-time links), live events,
/// and typing into consoles under a write lock. What the pages read they read from /api with the session cookie
/// (<see cref="WebAccess"/> lets a session GET there); what they change goes through /web with a CSRF token.
/// </summary>
internal sealed class WebDashboard
{
    public WebDashboard(WebConfig config, CapturePipeline pipeline, ConsoleControl control, ILoggerFactory loggers, TimeProvider? clock = null)
    {
        Config = config;
        Pipeline = pipeline;
        Control = control;
        Log = loggers.CreateLogger("SolWatch.Web");
        Sessions = new SessionStore(clock ?? TimeProvider.System);
        Links = new LoginLinks(clock ?? TimeProvider.System);
        Throttle = new LoginThrottle(clock ?? TimeProvider.System);
        ConsoleList = new ConsoleListFeed(this);
    }

    public WebConfig Config { get; }

    public CapturePipeline Pipeline { get; }

    public ConsoleControl Control { get; }

    public ILogger Log { get; }

    public SessionStore Sessions { get; }

    public LoginLinks Links { get; }

    public LoginThrottle Throttle { get; }

    public WriteLocks Locks { get; } = new();

    /// <summary>The bound on open <c>/web/events</c> and raw console streams.</summary>
    public StreamLimits Streams { get; } = new();

    /// <summary>The console list of <c>/web/events</c>, built once for every open page.</summary>
    public ConsoleListFeed ConsoleList { get; }

    /// <summary>
    /// Open <c>/web/events</c> streams by session: a writer whose last page closed lets go of its write locks, as a
    /// conserver client that detaches does, instead of holding the console until someone forces it.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> OpenPages { get; } = new(StringComparer.Ordinal);

    /// <summary>Where browsers reach the dashboard (set once the listeners run), for one-time links.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Maps the access check (call before <see cref="Api.ApiRoutes.Map"/>, whose token check it lets sessions past) and the routes.</summary>
    public void Map(WebApplication app)
    {
        WebAccess.Use(app, this);
        PageRoutes.Map(app);
        LoginRoutes.Map(app, this);
        WriteRoutes.Map(app, this);
        DashboardEvents.Map(app, this);
        RawConsoleStream.Map(app, this);
    }
}
