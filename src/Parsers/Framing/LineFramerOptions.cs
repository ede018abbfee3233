namespace SolWatch.Parsers.Framing;

/// <summary>Tuning of one <see cref="LineFramer"/>.</summary>
public sealed record LineFramerOptions
{
    /// <summary>A line longer than this (in chars) is cut and the rest starts a new line, so a console that never
    /// sends a newline cannot make us buffer without bound.</summary>
    public int MaxLineLength { get; init; } = 4096;

    /// <summary>Default options.</summary>
    public static LineFramerOptions Default { get; } = new();
}
