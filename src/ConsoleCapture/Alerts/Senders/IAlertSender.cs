using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Alerts.Senders;

/// <summary>Sends alerts to one destination. One attempt per call: retries and backoff are the queue's (<see cref="DestinationQueue"/>).</summary>
internal interface IAlertSender
{
    AlertDestinationConfig Config { get; }

    /// <summary>What is sent for <paramref name="alert"/> (kept in a dead letter).</summary>
    string Payload(Alert alert);

    /// <summary>One attempt; throws <see cref="AlertSendException"/> saying whether another attempt may succeed.</summary>
    Task SendAsync(Alert alert, string payload, CancellationToken ct);
}

/// <summary>A failed attempt to send an alert.</summary>
internal sealed class AlertSendException(string message, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>false when the destination refused the alert itself (a 4xx answer): sending it again cannot help.</summary>
    public bool Retryable { get; } = retryable;
}
