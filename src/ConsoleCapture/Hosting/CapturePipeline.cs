using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.Parsers.Detection;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// Everything that captures: the stores, one <see cref="ConsoleSession"/> and collector per console, and the timer
/// that closes reports of quiet consoles. One shutdown path (<see cref="StopAsync"/>): stop collectors → complete
/// the sessions (open reports are stored) → dispose the stores (they drain their queues and close cleanly).
/// </summary>
public sealed class CapturePipeline : IAsyncDisposable
{
    // How often quiet consoles are checked. A report that ends by going quiet is stored at most one tick after its
    // quiet period: 50 ms keeps that well inside the 100 ms p99 budget (bench capture: p99 57 ms beyond the quiet
    // period with 2,000 consoles, for ~5 % of a core more than a 1 s tick).
    private static readonly TimeSpan FlushTick = TimeSpan.FromMilliseconds(50);
    private readonly SolwatchConfig _config;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runners = [];
    private readonly SharedServices _shared = new();
    // Written by Start, read by API requests (which may already run): concurrent.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ConsoleConfig Config, IConsoleCollector Collector)> _running = new(StringComparer.Ordinal);
    // The supervisors by console: their byte counters are live, the session only keeps the snapshot of the last state
    // change (taken at connect, bytes 0), so a console's status asks its supervisor (see StatusOf).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConsoleSupervisor> _supervisors = new(StringComparer.Ordinal);
    private Task _flusher = Task.CompletedTask;
    private int _stopped;

    private CapturePipeline(SolwatchConfig config, ILoggerFactory loggers, TimeProvider clock, TranscriptStore transcripts, IncidentStore incidents)
    {
        _config = config;
        _loggers = loggers;
        _log = loggers.CreateLogger("SolWatch.Pipeline");
        _clock = clock;
        Transcripts = transcripts;
        Incidents = incidents;
        RateLimitConfig rateLimit = config.Incidents.RateLimit ?? RateLimitConfig.Default;
        var options = new SessionOptions
        {
            ContextLines = config.Incidents.ContextLines,
            RateLimit = new IncidentRateLimit { Burst = rateLimit.Burst, Every = rateLimit.Every, SummaryAfter = rateLimit.SummaryAfter },
            Detector = DetectorOptions.Default with { QuietPeriod = config.Incidents.QuietPeriod },
            KdumpHangAfter = config.Incidents.KdumpHangAfter ?? IncidentsConfig.DefaultKdumpHangAfter,
        };
        DateTimeOffset now = clock.GetUtcNow();
        Sessions = config.Consoles.ToImmutableSortedDictionary(
            c => c.Name,
            c => new ConsoleSession(
                new ConsoleSummary(c.Name, c.Host, c.Type, c.Settings.Endpoint, ConsoleSummary.Starting, now, null, null, 0, 0, null),
                transcripts, incidents, Events, options with { LogLines = c.LogLines, RawTranscript = c.RawTranscript }, loggers.CreateLogger("SolWatch.Console"), clock),
            StringComparer.Ordinal);
    }

    /// <summary>Services shared by several consoles (netconsole listeners), for the health report.</summary>
    public SharedServices Shared => _shared;

    /// <summary>The transcripts of every console.</summary>
    public TranscriptStore Transcripts { get; }

    /// <summary>The incident database.</summary>
    public IncidentStore Incidents { get; }

    /// <summary>Lines, incidents and state changes, for API subscribers.</summary>
    public EventHub Events { get; } = new();

    /// <summary>The sessions by console name.</summary>
    public ImmutableSortedDictionary<string, ConsoleSession> Sessions { get; }

    /// <summary>
    /// The running collector of <paramref name="name"/> and its configuration, for console control
    /// (<see cref="ConsoleControl"/>); false when there is no such console or it could not start.
    /// </summary>
    public bool TryGetRunning(string name, out ConsoleConfig config, out IConsoleCollector collector)
    {
        bool found = _running.TryGetValue(name, out var running);
        (config, collector) = running;
        return found;
    }

    /// <summary>
    /// What <paramref name="session"/>'s console is doing now: the session's state, lines and incidents with the
    /// supervisor's live connection figures (bytes received, last data time), not those of its last state change.
    /// </summary>
    public ConsoleSummary StatusOf(ConsoleSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        ConsoleSummary status = session.Status;
        return status.Connection is not null && _supervisors.TryGetValue(session.Name, out ConsoleSupervisor? supervisor)
            ? status with { Connection = supervisor.Status }
            : status;
    }

    /// <summary>Opens the stores (creating directories owner-only) and prepares the sessions; nothing runs yet.</summary>
    public static CapturePipeline Open(SolwatchConfig config, ILoggerFactory loggers, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);
        PrivateDirectory.Create(Path.GetDirectoryName(Path.GetFullPath(config.Storage.Database))!);
        PrivateDirectory.Create(config.Storage.Transcripts);
        ILogger log = loggers.CreateLogger("SolWatch.Transcripts");
        var transcripts = new TranscriptStore(new TranscriptOptions
        {
            // Once per event (a transcript deleted under the writer and recreated); health keeps showing it a while.
            OnProblem = message => log.LogWarning("{Problem}", message),
            Directory = config.Storage.Transcripts,
            Retention = config.Retention.Transcripts,
            MaxFileBytes = config.Retention.MaxFileBytes,
            MaxFileAge = config.Retention.MaxFileAge,
            Clock = clock ?? TimeProvider.System,
        });
        IncidentStore incidents;
        try
        {
            ILogger store = loggers.CreateLogger("SolWatch.Storage.Incidents");
            IncidentRetentionConfig retention = config.Storage.Retention;
            incidents = IncidentStore.Open(new IncidentStoreOptions
            {
                Path = config.Storage.Database,
                MaxDatabaseBytes = retention.MaxDatabaseMB * 1024L * 1024L,
                MaxAge = retention.MaxAgeDays is { } days ? TimeSpan.FromDays(days) : null,
                RepeatWindow = retention.RepeatWindow,
                Log = message => store.LogWarning("{Message}", message),
            });
        }
        catch
        {
            transcripts.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return new CapturePipeline(config, loggers, clock ?? TimeProvider.System, transcripts, incidents);
    }

    /// <summary>Starts every console's collector (a console that cannot start is shown failed; the others run).</summary>
    public void Start()
    {
        StartKdumpAttacher();
        foreach (ConsoleConfig console in _config.Consoles)
        {
            ConsoleSession session = Sessions[console.Name];
            if (console.Problem is { } problem)
            {
                _log.LogError("Console {Console}: {Problem}", console.Name, problem.ToString());
                session.ReportProblem(problem.ToString(), fatal: false);
            }
            try
            {
                var collector = console.Settings.CreateCollector(new CollectorContext(console.Name, _loggers, _shared));
                _log.LogInformation("Console {Console} ({Type}): {Endpoint}", console.Name, console.Type, collector.Endpoint);
                _running[console.Name] = (console, collector);
                var supervisor = new ConsoleSupervisor(collector, session, SupervisorOptions.Default, session.OnGap, _clock);
                supervisor.StatusChanged += session.OnStatus;
                _supervisors[console.Name] = supervisor;
                _runners.Add(Task.Run(() => supervisor.RunAsync(_stop.Token)));
            }
            catch (Exception e)
            {
                _log.LogError("Console {Console} cannot start: {Error}", console.Name, e.Message);
                session.ReportProblem(e.Message, fatal: true);
            }
        }
        _runners.AddRange(_shared.RunAll(_log, _clock, _stop.Token));
        _flusher = Task.Run(FlushQuietConsolesAsync);
    }

    /// <summary>
    /// Consoles with a <c>kdumpHost</c>: a saved dump's vmcore-dmesg.txt is fetched and attached to its incident
    /// (<see cref="Kdump.KdumpAttacher"/>); one without a pinned host key is said once here, and on its incidents.
    /// </summary>
    private void StartKdumpAttacher()
    {
        var hosts = _config.Consoles.Where(c => c.KdumpHost is not null).ToImmutableDictionary(c => c.Name, c => c.KdumpHost!, StringComparer.Ordinal);
        foreach ((string name, KdumpHostSettings host) in hosts)
        {
            if (host.Refusal is { } refusal)
            {
                _log.LogWarning("Console {Console}: {Refusal}", name, refusal);
            }
        }
        if (hosts.Count > 0)
        {
            var attacher = new Kdump.KdumpAttacher(hosts, Incidents, Events, _loggers.CreateLogger("SolWatch.Kdump"));
            _runners.Add(Task.Run(async () =>
            {
                using (attacher)
                {
                    await attacher.RunAsync(_stop.Token);
                }
            }));
        }
    }

    /// <summary>Stops collectors, stores every open report, then closes the stores. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        _log.LogInformation("Stopping {Count} consoles", Sessions.Count);
        await _stop.CancelAsync();
        Task all = Task.WhenAll(_runners.Append(_flusher));
        try
        {
            await all.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            _log.LogWarning("Some collectors did not stop within 15s; their consoles are completed anyway");
        }
        catch (Exception e)
        {
            _log.LogError(e, "A collector failed while stopping");
        }
        foreach (ConsoleSession session in Sessions.Values)
        {
            session.Complete();
        }
        await Incidents.DisposeAsync();
        await Transcripts.DisposeAsync();
        _log.LogInformation("Stores closed cleanly");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task FlushQuietConsolesAsync()
    {
        using var timer = new PeriodicTimer(FlushTick, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                DateTimeOffset now = _clock.GetUtcNow();
                foreach (ConsoleSession session in Sessions.Values)
                {
                    session.FlushIfQuiet(now);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown: Complete() closes what is still open.
        }
    }
}
