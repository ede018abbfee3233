namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>Summaries of a benchmark's repeated runs.</summary>
internal static class RunStatistics
{
    /// <summary>
    /// The value a fraction <paramref name="q"/> of the way up the sorted values, interpolated between neighbours: 0.5 is
    /// the median (the mean of the middle two for an even count), 0.25 the lower quartile; one value: that value.
    /// </summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        double[] sorted = [.. values.Order()];
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Length);
        double at = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(at);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (at - below));
    }

    /// <summary>The median of <paramref name="values"/> (see <see cref="Quantile"/>).</summary>
    public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);
}
