using SolWatch.Parsers.Reports;

namespace SolWatch.Storage.Incidents;

/// <summary>Which incidents to list; every filter that is set must match. Results are newest first.</summary>
public sealed record IncidentQuery
{
    /// <summary>Only this console (exact name).</summary>
    public string? Console { get; init; }

    /// <summary>Only incidents whose first line was received at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only incidents whose first line was received before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only this kind of crash.</summary>
    public CrashKind? Kind { get; init; }

    /// <summary>Only this fingerprint.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>At most this many results (incidents, or groups for the fleet view).</summary>
    public int Limit { get; init; } = 100;
}
