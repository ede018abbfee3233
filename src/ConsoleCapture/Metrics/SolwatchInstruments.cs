using System.Diagnostics.Metrics;

namespace SolWatch.ConsoleCapture.Metrics;

/// <summary>
/// The instruments recorded where things happen (System.Diagnostics.Metrics; exported by <see cref="MetricsEndpoint"/>).
/// Names and units follow OpenTelemetry, which the Prometheus exporter turns into Prometheus's conventions: dots become
/// underscores, the unit <c>s</c> a <c>_seconds</c> suffix, <c>By</c> <c>_bytes</c>, and counters get <c>_total</c>.
/// Recording costs next to nothing while nothing listens (<c>metrics.enabled: false</c>, the CLI).
/// </summary>
public static class SolwatchInstruments
{
    /// <summary>The meter every SolWatch instrument belongs to.</summary>
    public const string MeterName = "SolWatch";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// <c>solwatch_detector_duration_seconds</c>: framing and crash detection of one read of console bytes (the
    /// transcript write is queued, not waited for). Buckets from 10 µs: a read is usually one line or a few.
    /// </summary>
    public static readonly Histogram<double> DetectorDuration = Meter.CreateHistogram(
        "solwatch.detector.duration", "s", "Time to frame and run crash detection over one read of console bytes",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1] });

    /// <summary>
    /// <c>solwatch_store_duration_seconds</c>: from handing an incident to the store until it is durable (queue wait,
    /// batching and the database commit).
    /// </summary>
    public static readonly Histogram<double> StoreDuration = Meter.CreateHistogram(
        "solwatch.store.duration", "s", "Time from handing an incident to the store until it is committed",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary><c>solwatch_incidents_total{kind}</c>: incidents stored since the daemon started, by crash kind.</summary>
    public static readonly Counter<long> Incidents = Meter.CreateCounter<long>(
        "solwatch.incidents", "{incident}", "Incidents stored since the daemon started, by crash kind");

    /// <summary>
    /// <c>solwatch_ipmi_sol_packets_resent_total{bmc}</c>: console data packets a BMC sent again because our ACK came
    /// late or was lost. A rising rate comes before a BMC that gives up on packets (ipmi_sim drops its whole buffer after
    /// four resends in a burst): a loaded daemon host, or a lossy path to the BMC.
    /// </summary>
    public static readonly Counter<long> SolPacketsResent = Meter.CreateCounter<long>(
        "solwatch.ipmi.sol.packets.resent", "{packet}", "SOL console data packets the BMC sent again (our ACK late or lost), by BMC");

    /// <summary>
    /// <c>solwatch_ipmi_sol_packets_refused_total{bmc}</c>: console data packets left unacknowledged because a MiB of the
    /// console's data was still waiting for detection (the BMC sends them again): detection cannot keep up.
    /// </summary>
    public static readonly Counter<long> SolPacketsRefused = Meter.CreateCounter<long>(
        "solwatch.ipmi.sol.packets.refused", "{packet}", "SOL console data packets left unacknowledged while detection was a MiB behind, by BMC");

    /// <summary><c>solwatch_alert_deliveries_total{rule,destination,result}</c>: what became of alerts.</summary>
    public static readonly Counter<long> AlertDeliveries = Meter.CreateCounter<long>(
        "solwatch.alert.deliveries", "{delivery}", "Alert deliveries by rule, destination and result (delivered, dead-letter, dropped, rate-limited, duplicate)");

    /// <summary><c>solwatch_alert_attempts_failed_total{destination}</c>: failed sending attempts (each retry counts).</summary>
    public static readonly Counter<long> AlertAttemptsFailed = Meter.CreateCounter<long>(
        "solwatch.alert.attempts.failed", "{attempt}", "Failed alert sending attempts, retries included");
}
