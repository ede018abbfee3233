using System.Collections.Immutable;
using SolWatch.Parsers.Reports;

namespace SolWatch.Storage.Incidents;

/// <summary>The fleet view of one crash: every incident with the same fingerprint.</summary>
/// <param name="Fingerprint">The shared fingerprint.</param>
/// <param name="Title">Title of the newest incident of the group.</param>
/// <param name="Kind">Kind of the newest incident of the group.</param>
/// <param name="Incidents">How many incidents.</param>
/// <param name="Hosts">How many distinct hosts (the console stands in for an unknown host).</param>
/// <param name="FirstSeen">First line time of the oldest incident.</param>
/// <param name="LastSeen">First line time of the newest incident.</param>
/// <param name="Consoles">The consoles it was seen on, sorted.</param>
public sealed record FingerprintGroup(
    string Fingerprint,
    string Title,
    CrashKind Kind,
    int Incidents,
    int Hosts,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    ImmutableArray<string> Consoles);
