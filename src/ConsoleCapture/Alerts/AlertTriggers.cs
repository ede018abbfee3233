using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>Makes the <see cref="IAlertTrigger"/> of each <c>on:</c> value.</summary>
internal static class AlertTriggers
{
    public static IAlertTrigger Create(AlertRuleConfig rule, IEnumerable<ConsoleSummary> consoles, Func<Incident, bool> isFirstOfFingerprint,
        Func<DateTimeOffset, IEnumerable<Storage.Hardware.NewHardwareEvent>>? recentHardware, DateTimeOffset now) => rule.On switch
    {
        AlertTrigger.HardwareEvents => new HardwareRateTrigger(rule, recentHardware, now),
        AlertTrigger.Incident => new IncidentTrigger(rule, isFirstOfFingerprint),
        AlertTrigger.KdumpFailed => new KdumpFailedTrigger(rule),
        AlertTrigger.ConsoleDown => new ConsoleDownTrigger(rule, consoles),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.On, "no trigger for this on: value"),
    };
}
