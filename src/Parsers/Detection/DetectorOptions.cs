namespace SolWatch.Parsers.Detection;

/// <summary>Tuning of one <see cref="CrashDetector"/>.</summary>
public sealed record DetectorOptions
{
    /// <summary>
    /// A report still open when its console has printed nothing for this long is closed by
    /// <see cref="CrashDetector.Flush"/>: a panicked machine prints nothing more.
    /// </summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A report whose context has printed nothing for this many console lines (while others kept printing) is closed:
    /// the same rule as <see cref="QuietPeriod"/> for input without a clock (files).
    /// </summary>
    public int QuietLines { get; init; } = 2000;

    /// <summary>A report never grows past this many lines; the rest of a runaway dump is left out of it.</summary>
    public int MaxReportLines { get; init; } = 1000;

    /// <summary>
    /// Whether the batch pre-scan may search all its words in one fused pass where the CPU can (Search/FusedWordSearch);
    /// false keeps the separate SearchValues passes every CPU runs. For tests that compare the two: the findings are the
    /// same.
    /// </summary>
    internal bool FusedSearch { get; init; } = true;

    /// <summary>Default options.</summary>
    public static DetectorOptions Default { get; } = new();
}
