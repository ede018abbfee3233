namespace SolWatch.Storage.Files;

/// <summary>
/// Exponential backoff with "equal jitter": half the delay is fixed, half random, so writers that failed together
/// (one full disk) do not retry in lockstep, yet a retry never comes much earlier than planned.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private readonly Random _random = new();

    /// <summary>Delay before attempt number <paramref name="failures"/> + 1 (failures counts from 1).</summary>
    public TimeSpan After(int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        var half = ceiling / 2;
        return TimeSpan.FromMilliseconds(half + (_random.NextDouble() * half));
    }
}
