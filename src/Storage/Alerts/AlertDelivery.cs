namespace SolWatch.Storage.Alerts;

/// <summary>
/// What became of one alert for one destination: sent, given up (dead letter), or not sent (rate limit, duplicate,
/// queue full). Written by the alert senders through <see cref="AlertDeliveryLog"/>, read by <c>solwatch alerts</c>
/// and <c>GET /api/alerts</c>.
/// </summary>
/// <param name="Seq">Increasing number of the record in its log.</param>
/// <param name="At">When the outcome was known (UTC).</param>
/// <param name="Rule">The rule that fired.</param>
/// <param name="Destination">The destination's name; empty for outcomes decided before any destination (rate limit, duplicate).</param>
/// <param name="Result">One of <see cref="AlertDeliveryResults"/>.</param>
/// <param name="Attempts">Sending attempts made (0 when none was).</param>
/// <param name="Key">The alert's deduplication key (rule, console and what happened).</param>
/// <param name="Title">What the alert said, in one line.</param>
/// <param name="Console">The console it is about, or null.</param>
/// <param name="IncidentId">The incident it is about, or null.</param>
/// <param name="Error">The last failure (dead letter), or why it was not sent; null when delivered.</param>
public sealed record AlertDelivery(
    long Seq,
    DateTimeOffset At,
    string Rule,
    string Destination,
    string Result,
    int Attempts,
    string Key,
    string Title,
    string? Console,
    long? IncidentId,
    string? Error)
{
    /// <summary>The destination's type (webhook, slack, alertmanager, email); empty when none.</summary>
    public string DestinationType { get; init; } = "";

    /// <summary>A dead letter's payload as it would have been sent (to resend by hand); null otherwise.</summary>
    public string? Payload { get; init; }
}

/// <summary>The values of <see cref="AlertDelivery.Result"/>.</summary>
public static class AlertDeliveryResults
{
    /// <summary>The destination accepted it.</summary>
    public const string Delivered = "delivered";

    /// <summary>Every attempt failed; the record keeps the payload.</summary>
    public const string DeadLetter = "dead-letter";

    /// <summary>The destination's queue was full (it has been failing or slow for a long time).</summary>
    public const string Dropped = "dropped";

    /// <summary>The rule's rate limit was spent.</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>The same alert (same key) was sent within the rule's deduplication window.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Every value, for metrics labels and documentation.</summary>
    public static IReadOnlyList<string> All { get; } = [Delivered, DeadLetter, Dropped, RateLimited, Duplicate];
}
