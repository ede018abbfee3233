using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Alerts.Senders;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Alerts;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>
/// Turns daemon events into alerts and hands them to the destinations. It never slows capture or storage: it reads
/// the <see cref="EventHub"/> through its own bounded drop-oldest subscription (counted in
/// <see cref="EventsDropped"/>), evaluates the rules on one reader task, and gives each alert to each destination's
/// <see cref="DestinationQueue"/> without waiting. Rules are applied in file order; each has its own
/// <see cref="RuleLimiter"/>, and an alert stopped by it is recorded once (destination empty). A reload
/// (<see cref="Reconfigure"/>) keeps the state of every rule and the queue of every destination whose entry did not
/// change, starts changed and new ones afresh, and lets a changed or removed destination send what it holds.
/// </summary>
public sealed class AlertEngine : IAsyncDisposable
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    // Replaced by Reconfigure under _gate; _queues is also read (whole) by metrics.
    private ImmutableArray<(AlertRuleConfig Rule, IAlertTrigger Trigger, RuleLimiter Limiter)> _rules;
    private ImmutableDictionary<string, DestinationQueue> _queues;
    private readonly Func<Incident, bool> _isFirstOfFingerprint;
    private readonly Func<DateTimeOffset, IEnumerable<Storage.Hardware.NewHardwareEvent>>? _recentHardware;
    private readonly EventSubscription _events;
    private bool _started;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _stopTicking = new();
    private readonly List<Task> _runners = [];
    private Task _ticker = Task.CompletedTask;
    private int _stopped;

    /// <summary>Prepares the engine; it subscribes to <paramref name="events"/> now (so nothing is missed) and sends once started.</summary>
    /// <param name="config">The rules and destinations.</param>
    /// <param name="events">The daemon's events.</param>
    /// <param name="consoles">Every console as it is now (console-down rules count a console that never connects as down).</param>
    /// <param name="isFirstOfFingerprint">Whether an incident is its fingerprint's first in the database.</param>
    /// <param name="log">Where deliveries are recorded.</param>
    /// <param name="loggers">The daemon's loggers.</param>
    /// <param name="clock">Time (tests use a manual one).</param>
    /// <param name="recentHardware">The stored hardware events since a time (hardware-events rules start their windows from them), or null.</param>
    public AlertEngine(AlertsConfig config, EventHub events, IEnumerable<ConsoleSummary> consoles, Func<Incident, bool> isFirstOfFingerprint,
        AlertDeliveryLog log, ILoggerFactory loggers, TimeProvider? clock = null, Func<DateTimeOffset, IEnumerable<Storage.Hardware.NewHardwareEvent>>? recentHardware = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(loggers);
        Log = log;
        _clock = clock ?? TimeProvider.System;
        _logger = loggers.CreateLogger("SolWatch.Alerts");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("solwatch-alerts/1");
        _isFirstOfFingerprint = isFirstOfFingerprint;
        _recentHardware = recentHardware;
        List<ConsoleSummary> initial = [.. consoles];
        _rules = [.. config.Rules.Select(r => (r, AlertTriggers.Create(r, initial, isFirstOfFingerprint, recentHardware, _clock.GetUtcNow()), new RuleLimiter(r)))];
        _queues = config.Destinations.ToImmutableDictionary(d => d.Name, d => new DestinationQueue(Sender(d), log, _logger, _clock), StringComparer.Ordinal);
        // Lines are by far the most events and no rule reads them: they are not even queued here. Subscribed even
        // without rules: a reload may add some, and the few other events cost nothing to skip.
        _events = events.Subscribe(e => e is not LineReceived, capacity: 4096);
    }

    /// <summary>
    /// Applies reloaded rules and destinations. A rule or destination whose entry is the same as before
    /// (<see cref="AlertRuleConfig.Definition"/>) keeps its state: its deduplication window, rate limit and who it
    /// counts as down; its queue and what waits in it. A changed one starts afresh (a console-down rule from the
    /// consoles' states of now, <paramref name="consoles"/>); a changed or removed destination's old queue sends what it
    /// holds and ends. Returns what changed, for the reload's answer.
    /// </summary>
    public AlertsReload Reconfigure(AlertsConfig config, IEnumerable<ConsoleSummary> consoles)
    {
        ArgumentNullException.ThrowIfNull(config);
        List<ConsoleSummary> now = [.. consoles];
        var retired = new List<DestinationQueue>();
        AlertsReload changes;
        lock (_gate)
        {
            var oldRules = _rules.ToDictionary(r => r.Rule.Name, StringComparer.Ordinal);
            var rules = ImmutableArray.CreateBuilder<(AlertRuleConfig, IAlertTrigger, RuleLimiter)>();
            var changedRules = new List<string>();
            foreach (AlertRuleConfig rule in config.Rules)
            {
                if (oldRules.TryGetValue(rule.Name, out var old) && old.Rule.Definition is { } d && d == rule.Definition)
                {
                    rules.Add(old);
                    continue;
                }
                changedRules.Add(rule.Name);
                rules.Add((rule, AlertTriggers.Create(rule, now, _isFirstOfFingerprint, _recentHardware, _clock.GetUtcNow()), new RuleLimiter(rule)));
            }
            var queues = ImmutableDictionary.CreateBuilder<string, DestinationQueue>(StringComparer.Ordinal);
            var changedDestinations = new List<string>();
            foreach (AlertDestinationConfig destination in config.Destinations)
            {
                if (_queues.TryGetValue(destination.Name, out DestinationQueue? old) && old.Config.Definition is { } d && d == destination.Definition)
                {
                    queues[destination.Name] = old;
                    continue;
                }
                changedDestinations.Add(destination.Name);
                var queue = new DestinationQueue(Sender(destination), Log, _logger, _clock);
                queues[destination.Name] = queue;
                if (_started)
                {
                    _runners.Add(Task.Run(() => queue.RunAsync(_stop.Token)));
                }
            }
            retired.AddRange(_queues.Values.Where(q => !queues.TryGetValue(q.Name, out DestinationQueue? kept) || !ReferenceEquals(kept, q)));
            changes = new AlertsReload(
                [.. changedRules],
                [.. _rules.Select(r => r.Rule.Name).Where(n => !config.Rules.Any(r => r.Name == n))],
                [.. changedDestinations],
                [.. _queues.Keys.Where(n => !queues.ContainsKey(n))]);
            _rules = rules.ToImmutable();
            _queues = queues.ToImmutable();
        }
        foreach (DestinationQueue queue in retired)
        {
            // What it holds is still sent (with its old settings); its runner ends when it is empty.
            queue.Complete();
        }
        return changes;
    }

    /// <summary>The delivery record.</summary>
    public AlertDeliveryLog Log { get; }

    /// <summary>The destinations' queues, for metrics.</summary>
    internal IEnumerable<DestinationQueue> Queues => Volatile.Read(ref _queues).Values;

    /// <summary>Events the engine's subscription dropped because it fell behind (alerts may be missing for them).</summary>
    public long EventsDropped => _events.Dropped;

    /// <summary>Starts the rule reader, the clock for console-down rules, and each destination's sender.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _started = true;
            foreach (DestinationQueue queue in _queues.Values)
            {
                _runners.Add(Task.Run(() => queue.RunAsync(_stop.Token)));
            }
        }
        _runners.Add(Task.Run(ReadEventsAsync));
        _ticker = Task.Run(TickAsync);
    }

    /// <summary>
    /// Stops reading events, lets the destinations send what is queued for up to <paramref name="drain"/>
    /// (default 5 s), then cancels what is left. Idempotent.
    /// </summary>
    public async Task StopAsync(TimeSpan? drain = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        _events.Dispose();
        await _stopTicking.CancelAsync();
        await _ticker;
        Task all;
        lock (_gate)
        {
            foreach (DestinationQueue queue in _queues.Values)
            {
                queue.Complete();
            }
            all = Task.WhenAll(_runners);
        }
        try
        {
            await all.WaitAsync(drain ?? TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Alerts still being sent at shutdown were given up");
        }
        await _stop.CancelAsync();
        try
        {
            await all;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _stopTicking.Dispose();
        _http.Dispose();
    }

    private IAlertSender Sender(AlertDestinationConfig d) => d switch
    {
        WebhookDestinationConfig w => new WebhookSender(w, _http),
        SlackDestinationConfig s => new SlackSender(s, _http),
        AlertmanagerDestinationConfig a => new AlertmanagerSender(a, _http),
        EmailDestinationConfig m => new EmailSender(m),
        _ => throw new ArgumentOutOfRangeException(nameof(d), d.Type, "no sender for this destination type"),
    };

    private async Task ReadEventsAsync()
    {
        try
        {
            await foreach (DaemonEvent e in _events.Reader.ReadAllAsync(_stop.Token))
            {
                Evaluate(trigger => trigger.On(e));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TickPeriod, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopTicking.Token))
            {
                DateTimeOffset now = _clock.GetUtcNow();
                Evaluate(trigger => trigger.Tick(now));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Evaluate(Func<IAlertTrigger, IEnumerable<Alert>> raise)
    {
        lock (_gate)
        {
            foreach ((AlertRuleConfig rule, IAlertTrigger trigger, RuleLimiter limiter) in _rules)
            {
                IEnumerable<Alert> alerts;
                try
                {
                    alerts = raise(trigger).ToList();
                }
                catch (Exception e) when (e is StoreUnavailableException or IOException or InvalidOperationException)
                {
                    // newFingerprintOnly reads the database; a database in trouble must not stop the other rules.
                    _logger.LogError("Alert rule {Rule} could not be evaluated: {Error}", rule.Name, e.Message);
                    continue;
                }
                foreach (Alert alert in alerts)
                {
                    Dispatch(rule, limiter, alert);
                }
            }
        }
    }

    private void Dispatch(AlertRuleConfig rule, RuleLimiter limiter, Alert alert)
    {
        if (limiter.Admit(alert, _clock.GetUtcNow()) is { } stopped)
        {
            AlertRecorder.Record(Log, _logger, _clock, alert, "", "", stopped, 0,
                stopped == AlertDeliveryResults.Duplicate
                    ? $"sent within the last {rule.DedupeWindow} (dedupeWindow)"
                    : $"rule {rule.Name} sent {rule.Burst} alert(s) recently, then allows one per {rule.Every} (rateLimit)", null);
            return;
        }
        _logger.LogInformation("Alert {Rule} {Status}: {Title}", rule.Name, alert.Status, alert.Title);
        foreach (string destination in rule.Send)
        {
            _queues[destination].Offer(alert);
        }
    }
}

/// <summary>What a reload changed in the alerts (names), for the reload's answer and log.</summary>
/// <param name="Rules">Rules new or changed (started afresh).</param>
/// <param name="RulesRemoved">Rules no longer in the file.</param>
/// <param name="Destinations">Destinations new or changed.</param>
/// <param name="DestinationsRemoved">Destinations no longer in the file (they send what they hold, then end).</param>
public sealed record AlertsReload(
    ImmutableArray<string> Rules, ImmutableArray<string> RulesRemoved, ImmutableArray<string> Destinations, ImmutableArray<string> DestinationsRemoved)
{
    /// <summary>Whether anything changed.</summary>
    public bool Any => !(Rules.IsEmpty && RulesRemoved.IsEmpty && Destinations.IsEmpty && DestinationsRemoved.IsEmpty);
}
