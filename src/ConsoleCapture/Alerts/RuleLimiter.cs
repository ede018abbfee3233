using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>
/// A rule's deduplication (the same key not sent twice within <see cref="AlertRuleConfig.DedupeWindow"/>) and rate
/// limit (a token bucket: <see cref="AlertRuleConfig.Burst"/> at once, then one per <see cref="AlertRuleConfig.Every"/>).
/// A resolved alert passes both: it closes what was sent. Used by the engine's one reader only.
/// </summary>
internal sealed class RuleLimiter(AlertRuleConfig rule)
{
    private readonly Dictionary<string, DateTimeOffset> _sent = new(StringComparer.Ordinal);
    private double _tokens = rule.Burst;
    private DateTimeOffset _refilled = DateTimeOffset.MinValue;

    /// <summary>null when <paramref name="alert"/> may be sent (and is counted), else the result that stops it.</summary>
    public string? Admit(Alert alert, DateTimeOffset now)
    {
        if (alert.Status == Alert.Resolved)
        {
            return null;
        }
        if (_sent.TryGetValue(alert.Key, out DateTimeOffset last) && now - last < rule.DedupeWindow)
        {
            return Storage.Alerts.AlertDeliveryResults.Duplicate;
        }
        Refill(now);
        if (_tokens < 1)
        {
            return Storage.Alerts.AlertDeliveryResults.RateLimited;
        }
        _tokens -= 1;
        _sent[alert.Key] = now;
        if (_sent.Count > 10_000)
        {
            // Keys older than the window say nothing any more; a storm of distinct keys must not grow memory for ever.
            foreach (string old in _sent.Where(p => now - p.Value >= rule.DedupeWindow).Select(p => p.Key).ToList())
            {
                _sent.Remove(old);
            }
        }
        return null;
    }

    private void Refill(DateTimeOffset now)
    {
        if (_refilled == DateTimeOffset.MinValue)
        {
            _refilled = now;
            return;
        }
        double earned = (now - _refilled).TotalMilliseconds / rule.Every.TotalMilliseconds;
        if (earned > 0)
        {
            _tokens = Math.Min(rule.Burst, _tokens + earned);
            _refilled = now;
        }
    }
}
