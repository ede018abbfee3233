namespace SolWatch.ConsoleCapture.Supervision;

/// <summary>
/// How a <see cref="ConsoleSupervisor"/> spaces its reconnect attempts: exponential backoff with jitter, so that
/// thousands of consoles behind one failed console server do not all reconnect in the same millisecond.
/// </summary>
public sealed record SupervisorOptions
{
    /// <summary>Defaults: 1 s, doubling up to 60 s, ±20 % jitter, reset after 30 s of a healthy connection.</summary>
    public static SupervisorOptions Default { get; } = new();

    /// <summary>Creates and validates the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and its bounds.</exception>
    public SupervisorOptions(
        TimeSpan? initialBackoff = null, TimeSpan? maxBackoff = null, double multiplier = 2.0, double jitter = 0.2,
        TimeSpan? healthyAfter = null)
    {
        InitialBackoff = initialBackoff ?? TimeSpan.FromSeconds(1);
        MaxBackoff = maxBackoff ?? TimeSpan.FromSeconds(60);
        Multiplier = multiplier;
        Jitter = jitter;
        HealthyAfter = healthyAfter ?? TimeSpan.FromSeconds(30);
        if (InitialBackoff <= TimeSpan.Zero)
        {
            throw new ArgumentException($"backoff initial must be > 0 (got {InitialBackoff})", nameof(initialBackoff));
        }
        if (MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException($"backoff max ({MaxBackoff}) must be >= backoff initial ({InitialBackoff})", nameof(maxBackoff));
        }
        if (!(Multiplier >= 1.0) || double.IsInfinity(Multiplier))
        {
            throw new ArgumentException($"backoff multiplier must be a finite number >= 1 (got {Multiplier})", nameof(multiplier));
        }
        if (!(Jitter >= 0.0 && Jitter < 1.0))
        {
            throw new ArgumentException($"backoff jitter must be in [0, 1) (got {Jitter})", nameof(jitter));
        }
        if (HealthyAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException($"backoff reset-after must be > 0 (got {HealthyAfter})", nameof(healthyAfter));
        }
    }

    /// <summary>Delay before the first reconnect attempt after a failure.</summary>
    public TimeSpan InitialBackoff { get; }

    /// <summary>Upper bound of the delay, however many attempts failed.</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>Each further consecutive failure multiplies the delay by this (>= 1).</summary>
    public double Multiplier { get; }

    /// <summary>Fraction of the delay that is randomized (0.2 = the delay is shortened by up to 20 %).</summary>
    public double Jitter { get; }

    /// <summary>A connection that stayed up this long was healthy: the next failure starts at the initial delay again.</summary>
    public TimeSpan HealthyAfter { get; }

    /// <summary>The delay before attempt number <paramref name="consecutiveFailures"/> + 1, before jitter.</summary>
    public TimeSpan BaseDelay(int consecutiveFailures)
    {
        double ms = InitialBackoff.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, consecutiveFailures - 1));
        return ms >= MaxBackoff.TotalMilliseconds ? MaxBackoff : TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>The jittered delay: <see cref="BaseDelay"/> shortened by a random part of <see cref="Jitter"/>.</summary>
    public TimeSpan JitteredDelay(int consecutiveFailures, double random01) =>
        BaseDelay(consecutiveFailures) * (1.0 - (Jitter * random01));
}
