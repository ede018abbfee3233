using System.Diagnostics.Metrics;
using SolWatch.ConsoleCapture.Alerts;
using SolWatch.ConsoleCapture.Hosting;
using SolWatch.ConsoleCapture.Pipeline;

namespace SolWatch.ConsoleCapture.Metrics;

/// <summary>
/// The metrics read at scrape time from what the daemon already counts (console summaries, store and transcript
/// health, alert queues): observable instruments, so the capture path does no extra work for them. Console states are
/// all exported, zeros included, so a dashboard's sum by state never misses one.
/// </summary>
internal sealed class DaemonMetrics : IDisposable
{
    private static readonly string[] States = [ConsoleSummary.Starting, "Connecting", "Connected", "BackingOff", "Stopped", ConsoleSummary.Failed];
    private readonly Meter _meter = new(SolwatchInstruments.MeterName);
    private readonly CapturePipeline _pipeline;

    public DaemonMetrics(CapturePipeline pipeline, string transcripts, AlertEngine? alerts, TimeProvider? clock = null)
    {
        _pipeline = pipeline;
        var disk = new DiskUsage(transcripts, TimeSpan.FromSeconds(60), clock ?? TimeProvider.System);

        _meter.CreateObservableCounter("solwatch.console.bytes", () => PerConsole(s => s.Connection?.Bytes ?? 0), "By",
            "Bytes received from the console since the daemon started");
        _meter.CreateObservableCounter("solwatch.console.lines", () => PerConsole(s => s.Lines), "{line}",
            "Lines received from the console since the daemon started");
        _meter.CreateObservableCounter("solwatch.console.reconnects", () => PerConsole(s => Math.Max(0, (s.Connection?.Connects ?? 0) - 1)), "{reconnect}",
            "Times the console was attached again after its first connection");
        _meter.CreateObservableGauge("solwatch.consoles", ByState, "{console}", "Consoles by state");

        _meter.CreateObservableGauge("solwatch.store.queue.depth", () => pipeline.Incidents.Health.Queued, "{incident}",
            "Incidents waiting for the store's writer");
        _meter.CreateObservableCounter("solwatch.store.dropped", () => pipeline.Incidents.Health.Dropped, "{incident}",
            "Incidents dropped: the store's queue was full, or every retry failed");
        _meter.CreateObservableGauge("solwatch.transcript.queue.depth", () => pipeline.Transcripts.Health().Queued, "{entry}",
            "Lines, gaps and raw chunks waiting for the transcript writer");
        _meter.CreateObservableCounter("solwatch.transcript.lost", () => pipeline.Transcripts.Health().Lost, "{line}",
            "Transcript lines lost: queue overflow, full disk or another write failure");
        _meter.CreateObservableGauge("solwatch.transcript.disk.usage", disk.Bytes, "By",
            "Bytes of transcript files on disk (measured at most once a minute)");
        _meter.CreateObservableCounter("solwatch.incidents.suppressed", () => PerConsole(s => s.IncidentsSuppressed), "{incident}",
            "Crash reports not stored because the console exceeded its incident rate limit");

        if (alerts is not null)
        {
            _meter.CreateObservableGauge("solwatch.alert.queue.depth",
                () => alerts.Queues.Select(q => new Measurement<int>(q.Depth, new KeyValuePair<string, object?>("destination", q.Name))), "{alert}",
                "Alerts waiting for (or being sent to) each destination");
            _meter.CreateObservableCounter("solwatch.alert.events.dropped", () => alerts.EventsDropped, "{event}",
                "Daemon events the alert engine fell too far behind to read");
        }
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> PerConsole(Func<ConsoleSummary, long> value) =>
        _pipeline.Sessions.Values.Select(s => new Measurement<long>(value(_pipeline.StatusOf(s)), new KeyValuePair<string, object?>("console", s.Name)));

    private IEnumerable<Measurement<int>> ByState()
    {
        var counts = States.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (ConsoleSession session in _pipeline.Sessions.Values)
        {
            string state = session.Status.State;
            counts[state] = counts.GetValueOrDefault(state) + 1;
        }
        return counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("state", c.Key)));
    }
}
