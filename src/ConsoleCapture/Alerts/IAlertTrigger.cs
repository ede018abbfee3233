using SolWatch.ConsoleCapture.Pipeline;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>
/// One rule's way of turning daemon events into alerts. The extension point for new triggers: one more
/// implementation (as <see cref="HardwareRateTrigger"/>: fed by <see cref="HardwareEventRecorded"/>, judging the rate
/// over a window in <see cref="Tick"/>), one more <c>on:</c> name in <see cref="Config.AlertsConfigReader.Triggers"/>,
/// and a case in <see cref="AlertTriggers.Create"/>; the engine, the limits and the destinations stay as they are. Called from the engine's one reader only: no locking needed.
/// </summary>
internal interface IAlertTrigger
{
    /// <summary>The alerts <paramref name="e"/> raises (often none).</summary>
    IEnumerable<Alert> On(DaemonEvent e);

    /// <summary>The alerts due by time alone at <paramref name="now"/> (a console down long enough).</summary>
    IEnumerable<Alert> Tick(DateTimeOffset now);
}
