using SolWatch.Parsers.Hardware;

namespace SolWatch.Storage.Hardware;

/// <summary>Which hardware events to list; every filter that is set must match. Newest first.</summary>
public sealed record HardwareQuery
{
    /// <summary>Only this console (exact name).</summary>
    public string? Console { get; init; }

    /// <summary>Only events received at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only events of this severity.</summary>
    public HardwareSeverity? Severity { get; init; }

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 100;
}
