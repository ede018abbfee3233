using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;
using SolWatch.ConsoleCapture.Alerts;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Hosting.Reload;

/// <summary>
/// Re-reads the daemon's configuration file and applies the difference (SIGHUP, <c>systemctl reload</c>,
/// <c>PUT /api/config</c>, <c>solwatch reload</c>): new consoles start, removed ones stop, changed ones restart,
/// the others keep their sessions and connections; alert rules and destinations, <c>logging.level</c> and turning
/// <c>metrics.enabled</c> off apply at once; what needs a restart is named, never silently dropped. A file with
/// errors changes nothing and every error is reported as <c>config check</c> reports it. One reload at a time.
/// </summary>
internal sealed class ConfigReloader : IDisposable
{
    private readonly string? _file;
    private readonly CapturePipeline _pipeline;
    private readonly AlertEngine _alerts;
    private readonly Metrics.MetricsSwitch _metrics;
    private readonly LoggingLevelSwitch _level;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _one = new(1, 1);
    private SolwatchConfig _running;

    /// <summary>Reloads <paramref name="running"/>'s file (its <see cref="SolwatchConfig.SourceFile"/>, made absolute now).</summary>
    public ConfigReloader(SolwatchConfig running, CapturePipeline pipeline, AlertEngine alerts, Metrics.MetricsSwitch metrics, LoggingLevelSwitch level, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(loggers);
        _running = running;
        // Absolute at start: relative to the directory the daemon was started in, whatever happens to it later.
        _file = running.SourceFile is { } f ? Path.GetFullPath(f) : null;
        _pipeline = pipeline;
        _alerts = alerts;
        _metrics = metrics;
        _level = level;
        _log = loggers.CreateLogger("SolWatch.Reload");
    }

    /// <summary>The configuration file, or null for the embedded default.</summary>
    public string? File => _file;

    /// <summary>The result of the last reload, or null.</summary>
    public ReloadResult? Last { get; private set; }

    /// <summary>Re-reads the file and applies it; <paramref name="requestedBy"/> names who asked (for the log).</summary>
    public async Task<ReloadResult> ReloadAsync(string requestedBy)
    {
        requestedBy = LogSafe.Text(requestedBy);
        await _one.WaitAsync();
        try
        {
            ReloadResult result = await ReloadOnceAsync(requestedBy);
            Last = result;
            return result;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<ReloadResult> ReloadOnceAsync(string requestedBy)
    {
        if (_file is null)
        {
            _log.LogWarning("Reload asked by {User}: nothing to reload, the daemon runs on the embedded default configuration", requestedBy);
            return ReloadResult.Refused(ReloadResult.NoFile, null, []);
        }
        _log.LogInformation("Reload asked by {User}: reading {File}", requestedBy, _file);
        LoadedConfig loaded;
        try
        {
            // As `run` loads it: secrets and devices checked on this machine.
            loaded = new ConfigLoader().Load(_file);
        }
        catch (ConfigException e)
        {
            ImmutableArray<string> errors = e.Errors.IsEmpty ? [e.Message] : [.. e.Errors.Select(x => x.ToString())];
            foreach (string error in errors)
            {
                _log.LogError("Reload: {Error}", error);
            }
            ReloadResult invalid = ReloadResult.Refused(ReloadResult.Invalid, _file, errors);
            _log.LogError("{Summary}", invalid.Summary());
            return invalid;
        }
        SolwatchConfig next = loaded.Config;
        ReloadPlan plan = ReloadPlan.Between(_running, _pipeline.Consoles, next);
        foreach (string name in plan.Changed)
        {
            _log.LogInformation("Reload: console {Console} changed; restarting it", name);
        }
        HashSet<string> stop = [.. plan.Removed, .. plan.Changed];
        HashSet<string> start = [.. plan.Added, .. plan.Changed];
        if (!await _pipeline.ReconfigureAsync(next.Consoles, stop, start))
        {
            return ReloadResult.Refused(ReloadResult.Stopping, _file, []);
        }
        AlertsReload alerts = _alerts.Reconfigure(next.Alerts, _pipeline.Sessions.Values.Select(_pipeline.StatusOf));
        var applied = new List<string>();
        if (next.Logging.Level != _running.Logging.Level)
        {
            _level.MinimumLevel = Enum.Parse<LogEventLevel>(next.Logging.Level);
            applied.Add($"logging.level: {_running.Logging.Level} -> {next.Logging.Level}");
        }
        if (_running.Metrics.Enabled && _metrics.Enabled != next.Metrics.Enabled)
        {
            applied.Add($"metrics.enabled: {(_metrics.Enabled ? "true" : "false")} -> {(next.Metrics.Enabled ? "true" : "false")}");
            _metrics.Enabled = next.Metrics.Enabled;
        }
        foreach (string setting in plan.NeedsRestart)
        {
            _log.LogWarning("Reload: {Setting} needs a restart of the daemon; the running value stays until then", setting);
        }
        // Settings that need a restart keep their running values: the next reload compares against those, and says so again.
        _running = next with
        {
            Storage = _running.Storage,
            Retention = _running.Retention,
            Incidents = _running.Incidents,
            Api = _running.Api,
            Logging = _running.Logging with { Level = next.Logging.Level },
            // As started: whether the exporter exists (MetricsSwitch holds whether it answers now).
            Metrics = _running.Metrics,
        };
        var result = new ReloadResult(
            ReloadResult.AppliedOutcome, _file, [], plan.Added, plan.Removed, plan.Changed, plan.Unchanged.Length,
            alerts.Rules, alerts.RulesRemoved, alerts.Destinations, alerts.DestinationsRemoved,
            [.. applied], plan.NeedsRestart,
            [.. loaded.ConsoleProblems.Select(p => p.ToString())], [.. loaded.Warnings.Select(w => w.ToString())]);
        _log.LogInformation("{Summary}", result.Summary());
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _one.Dispose();
}
