using SolWatch.Parsers.Kdump;

namespace SolWatch.Storage.Incidents;

/// <summary>
/// One console of the fleet as <c>solwatch kdump</c> lists it: whether its host is armed (from its last boot) and what
/// became of its last crash's dump.
/// </summary>
/// <param name="Console">Console name.</param>
/// <param name="Host">Host behind the console, when known.</param>
/// <param name="Readiness">What its last boot said about kdump, or null when the console never said.</param>
/// <param name="ReadinessLearnedAt">When that was printed.</param>
/// <param name="LastCrash">The newest incident of the console with a kdump story, or null.</param>
public sealed record KdumpFleetEntry(
    string Console, string? Host, KdumpFinding? Readiness, DateTimeOffset? ReadinessLearnedAt, KdumpLastCrash? LastCrash);

/// <summary>A console's newest incident with a kdump story.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Title">Its title.</param>
/// <param name="At">Its first line's receive time.</param>
/// <param name="Kdump">Its story as last updated.</param>
public sealed record KdumpLastCrash(long IncidentId, string Title, DateTimeOffset At, KdumpFinding Kdump);
