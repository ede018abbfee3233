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
    private readonly SessionOptions _sessionOptions;
    // The consoles as configured now (a reload replaces the array).
    private ImmutableArray<ConsoleConfig> _consoles;
    private ImmutableSortedDictionary<string, ConsoleSession> _sessions;
    // One reload (or the shutdown) at a time.
    private readonly SemaphoreSlim _reconfigure = new(1, 1);
    private Kdump.KdumpAttacher? _attacher;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runners = [];
    private readonly SharedServices _shared = new();
    // Written by Start and reloads, read by API requests (which may already run): concurrent. The supervisor's byte
    // counters are live, the session only keeps the snapshot of the last state change (taken at connect, bytes 0), so
    // a console's status asks its supervisor (see StatusOf).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConsoleRun> _runs = new(StringComparer.Ordinal);
    private Task _flusher = Task.CompletedTask;
    private int _stopped;

    private CapturePipeline(SolwatchConfig config, ILoggerFactory loggers, TimeProvider clock, TranscriptStore transcripts, IncidentStore incidents)
    {
        _loggers = loggers;
        _log = loggers.CreateLogger("SolWatch.Pipeline");
        _clock = clock;
        Transcripts = transcripts;
        Incidents = incidents;
        RateLimitConfig rateLimit = config.Incidents.RateLimit ?? RateLimitConfig.Default;
        _sessionOptions = new SessionOptions
        {
            ContextLines = config.Incidents.ContextLines,
            RateLimit = new IncidentRateLimit { Burst = rateLimit.Burst, Every = rateLimit.Every, SummaryAfter = rateLimit.SummaryAfter },
            Detector = DetectorOptions.Default with { QuietPeriod = config.Incidents.QuietPeriod },
            KdumpHangAfter = config.Incidents.KdumpHangAfter ?? IncidentsConfig.DefaultKdumpHangAfter,
        };
        _consoles = config.Consoles;
        _sessions = config.Consoles.ToImmutableSortedDictionary(c => c.Name, NewSession, StringComparer.Ordinal);
    }

    private ConsoleSession NewSession(ConsoleConfig c) => new(
        new ConsoleSummary(c.Name, c.Host, c.Type, c.Settings.Endpoint, ConsoleSummary.Starting, _clock.GetUtcNow(), null, null, 0, 0, null),
        Transcripts, Incidents, Events, _sessionOptions with { LogLines = c.LogLines, RawTranscript = c.RawTranscript }, _loggers.CreateLogger("SolWatch.Console"), _clock);

    /// <summary>Services shared by several consoles (netconsole listeners), for the health report.</summary>
    public SharedServices Shared => _shared;

    /// <summary>The transcripts of every console.</summary>
    public TranscriptStore Transcripts { get; }

    /// <summary>The incident database.</summary>
    public IncidentStore Incidents { get; }

    /// <summary>Lines, incidents and state changes, for API subscribers.</summary>
    public EventHub Events { get; } = new();

    /// <summary>The sessions by console name (a reload replaces the dictionary; each read sees one whole set).</summary>
    public ImmutableSortedDictionary<string, ConsoleSession> Sessions => Volatile.Read(ref _sessions);

    /// <summary>The consoles as configured now.</summary>
    public ImmutableArray<ConsoleConfig> Consoles => ImmutableInterlocked.InterlockedCompareExchange(ref _consoles, default, default);

    /// <summary>
    /// The running collector of <paramref name="name"/> and its configuration, for console control
    /// (<see cref="ConsoleControl"/>); false when there is no such console or it could not start.
    /// </summary>
    public bool TryGetRunning(string name, out ConsoleConfig config, out IConsoleCollector collector)
    {
        if (_runs.TryGetValue(name, out ConsoleRun? run) && run.Collector is not null)
        {
            (config, collector) = (run.Config, run.Collector);
            return true;
        }
        (config, collector) = (null!, null!);
        return false;
    }

    /// <summary>
    /// What <paramref name="session"/>'s console is doing now: the session's state, lines and incidents with the
    /// supervisor's live connection figures (bytes received, last data time), not those of its last state change.
    /// </summary>
    public ConsoleSummary StatusOf(ConsoleSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        ConsoleSummary status = session.Status;
        return status.Connection is not null && _runs.TryGetValue(session.Name, out ConsoleRun? run)
            && ReferenceEquals(run.Session, session) && run.Supervisor is { } supervisor
            ? status with { Connection = supervisor.Status }
            : status;
    }

    /// <summary>Opens the stores (creating directories owner-only) and prepares the sessions; nothing runs yet.</summary>
    public static CapturePipeline Open(SolwatchConfig config, ILoggerFactory loggers, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(config.Storage.Database))!, "storage.database's directory");
        CreateDirectory(config.Storage.Transcripts, "storage.transcripts");
        // The database first: a second daemon on the same data is told the database is in use (and how to ask the
        // running one), before the transcripts directory's lock would refuse it too.
        ILogger store = loggers.CreateLogger("SolWatch.Storage.Incidents");
        IncidentRetentionConfig retention = config.Storage.Retention;
        IncidentStore incidents = IncidentStore.Open(new IncidentStoreOptions
        {
            Path = config.Storage.Database,
            MaxDatabaseBytes = retention.MaxDatabaseMB * 1024L * 1024L,
            MaxAge = retention.MaxAgeDays is { } days ? TimeSpan.FromDays(days) : null,
            RepeatWindow = retention.RepeatWindow,
            Log = message => store.LogWarning("{Message}", message),
        });
        TranscriptStore transcripts;
        try
        {
            ILogger log = loggers.CreateLogger("SolWatch.Transcripts");
            transcripts = new TranscriptStore(new TranscriptOptions
            {
                // Once per event (a transcript deleted under the writer and recreated); health keeps showing it a while.
                OnProblem = message => log.LogWarning("{Problem}", message),
                Directory = config.Storage.Transcripts,
                OwnDirectory = true,
                Retention = config.Retention.Transcripts,
                MaxFileBytes = config.Retention.MaxFileBytes,
                MaxFileAge = config.Retention.MaxFileAge,
                Clock = clock ?? TimeProvider.System,
            });
        }
        catch
        {
            incidents.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return new CapturePipeline(config, loggers, clock ?? TimeProvider.System, transcripts, incidents);
    }

    /// <summary>Makes a data directory; a file in its place is named with the setting that chose it (.NET says only "The file … already exists").</summary>
    private static void CreateDirectory(string path, string setting)
    {
        try
        {
            PrivateDirectory.Create(path);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new IOException($"{setting} {path} is a file, not a directory; give {setting} (or --data-dir) a directory's path", e);
        }
    }

    /// <summary>Starts every console's collector (a console that cannot start is shown failed; the others run).</summary>
    public void Start()
    {
        StartKdumpAttacher();
        foreach (ConsoleConfig console in Consoles)
        {
            StartConsole(console, Sessions[console.Name]);
        }
        _shared.Start(_log, _clock, _stop.Token);
        _flusher = Task.Run(FlushQuietConsolesAsync);
    }

    private void StartConsole(ConsoleConfig console, ConsoleSession session)
    {
        if (console.Problem is { } problem)
        {
            _log.LogError("Console {Console}: {Problem}", console.Name, problem.ToString());
            session.ReportProblem(problem.ToString(), fatal: false);
        }
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            var collector = console.Settings.CreateCollector(new CollectorContext(console.Name, _loggers, _shared));
            _log.LogInformation("Console {Console} ({Type}): {Endpoint}", console.Name, console.Type, collector.Endpoint);
            var supervisor = new ConsoleSupervisor(collector, session, SupervisorOptions.Default, session.OnGap, _clock);
            supervisor.StatusChanged += session.OnStatus;
            _runs[console.Name] = new ConsoleRun(console, session, collector, supervisor, stop, Task.Run(() => supervisor.RunAsync(stop.Token)));
        }
        catch (Exception e)
        {
            _log.LogError("Console {Console} cannot start: {Error}", console.Name, e.Message);
            session.ReportProblem(e.Message, fatal: true);
            _runs[console.Name] = new ConsoleRun(console, session, null, null, stop, Task.CompletedTask);
        }
    }

    /// <summary>
    /// Applies a reloaded configuration's consoles: those named in <paramref name="stop"/> are stopped (their
    /// collectors end, their open reports are stored, their transcripts flushed), those in <paramref name="start"/>
    /// get a fresh session and collector; every other console keeps its session and connection untouched.
    /// A console both stopped and started is a changed one (restarted). Returns false when the pipeline is stopping.
    /// </summary>
    public async Task<bool> ReconfigureAsync(ImmutableArray<ConsoleConfig> next, IReadOnlySet<string> stop, IReadOnlySet<string> start)
    {
        ArgumentNullException.ThrowIfNull(stop);
        ArgumentNullException.ThrowIfNull(start);
        await _reconfigure.WaitAsync();
        try
        {
            if (Volatile.Read(ref _stopped) != 0)
            {
                return false;
            }
            // In parallel: each may take up to its collector's stop time, and none depends on another.
            await Task.WhenAll(stop.Select(name => StopConsoleAsync(name, removed: !start.Contains(name))));
            // What the stopped consoles printed last is on disk before the reload is reported done.
            await Transcripts.FlushAsync();
            var byName = next.ToDictionary(c => c.Name, StringComparer.Ordinal);
            ImmutableSortedDictionary<string, ConsoleSession> sessions = Sessions.RemoveRange(stop.Where(n => !start.Contains(n)));
            var started = new List<(ConsoleConfig, ConsoleSession)>();
            foreach (string name in start)
            {
                ConsoleConfig console = byName[name];
                ConsoleSession session = NewSession(console);
                sessions = sessions.SetItem(name, session);
                started.Add((console, session));
            }
            ImmutableInterlocked.InterlockedExchange(ref _consoles, next);
            Volatile.Write(ref _sessions, sessions);
            _attacher?.UseHosts(KdumpHosts(next));
            foreach ((ConsoleConfig console, ConsoleSession session) in started)
            {
                StartConsole(console, session);
            }
            return true;
        }
        finally
        {
            _reconfigure.Release();
        }
    }

    private async Task StopConsoleAsync(string name, bool removed)
    {
        if (!_runs.TryRemove(name, out ConsoleRun? run))
        {
            return;
        }
        await run.Stop.CancelAsync();
        try
        {
            await run.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            _log.LogWarning("Console {Console}: its collector did not stop within 15s; the console is completed anyway", name);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Console {Console}: its collector failed while stopping", name);
        }
        // Open reports stored, the unfinished line ended: nothing the console printed is left behind.
        run.Session.Complete();
        if (removed)
        {
            run.Session.MarkRemoved();
        }
        run.Stop.Dispose();
        _log.LogInformation("Console {Console} stopped: {Why}", name, removed ? "removed from the configuration" : "its configuration changed; restarting it");
    }

    private static ImmutableDictionary<string, KdumpHostSettings> KdumpHosts(IEnumerable<ConsoleConfig> consoles) =>
        consoles.Where(c => c.KdumpHost is not null).ToImmutableDictionary(c => c.Name, c => c.KdumpHost!, StringComparer.Ordinal);

    /// <summary>One started console: its configuration, session, collector and supervisor (null when it could not start).</summary>
    private sealed record ConsoleRun(
        ConsoleConfig Config, ConsoleSession Session, IConsoleCollector? Collector, ConsoleSupervisor? Supervisor, CancellationTokenSource Stop, Task Task);

    /// <summary>
    /// Consoles with a <c>kdumpHost</c>: a saved dump's vmcore-dmesg.txt is fetched and attached to its incident
    /// (<see cref="Kdump.KdumpAttacher"/>); one without a pinned host key is said once here, and on its incidents.
    /// </summary>
    private void StartKdumpAttacher()
    {
        ImmutableDictionary<string, KdumpHostSettings> hosts = KdumpHosts(Consoles);
        foreach ((string name, KdumpHostSettings host) in hosts)
        {
            if (host.Refusal is { } refusal)
            {
                _log.LogWarning("Console {Console}: {Refusal}", name, refusal);
            }
        }
        // Always: a reload may add a console with a kdumpHost (the attacher reads only saved dumps' events).
        var attacher = new Kdump.KdumpAttacher(hosts, Incidents, Events, _loggers.CreateLogger("SolWatch.Kdump"));
        _attacher = attacher;
        _runners.Add(Task.Run(async () =>
        {
            using (attacher)
            {
                await attacher.RunAsync(_stop.Token);
            }
        }));
    }

    /// <summary>Stops collectors, stores every open report, then closes the stores. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        // A reload under way finishes first (its stops are bounded); none starts after this.
        await _reconfigure.WaitAsync();
        _reconfigure.Release();
        _log.LogInformation("Stopping {Count} consoles", Sessions.Count);
        await _stop.CancelAsync();
        Task all = Task.WhenAll(_runners.Append(_flusher).Append(_shared.Completion).Concat(_runs.Values.Select(r => r.Task)));
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
        _reconfigure.Dispose();
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
