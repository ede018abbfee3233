using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Metrics;
using SolWatch.Storage.Alerts;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>Writes one outcome to the delivery log and counts it in the metrics.</summary>
internal static class AlertRecorder
{
    public static void Record(AlertDeliveryLog log, ILogger logger, TimeProvider clock, Alert alert, string destination, string type,
        string result, int attempts, string? error, string? payload)
    {
        log.Append(new AlertDelivery(0, clock.GetUtcNow(), alert.Rule, destination, result, attempts, alert.Key, alert.Title,
            alert.Console, alert.IncidentId, error)
        {
            DestinationType = type,
            Payload = payload,
        }, out string? problem);
        if (problem is not null)
        {
            logger.LogWarning("{Problem}", problem);
        }
        SolwatchInstruments.AlertDeliveries.Add(1,
            new KeyValuePair<string, object?>("rule", alert.Rule),
            new KeyValuePair<string, object?>("destination", destination),
            new KeyValuePair<string, object?>("result", result));
    }
}
