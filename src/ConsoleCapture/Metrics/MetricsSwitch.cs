namespace SolWatch.ConsoleCapture.Metrics;

/// <summary>
/// Whether <c>/metrics</c> answers now: a reload may turn <c>metrics.enabled</c> off (the endpoint then answers 404);
/// turning it on needs the exporter that only a start registers (a reload says "needs restart").
/// </summary>
internal sealed class MetricsSwitch(bool enabled)
{
    private volatile bool _enabled = enabled;

    /// <summary>Whether the endpoint answers.</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }
}
