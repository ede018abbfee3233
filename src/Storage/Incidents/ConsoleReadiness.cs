using SolWatch.Parsers.Kdump;

namespace SolWatch.Storage.Incidents;

/// <summary>What a console's last boot said about kdump, as the store keeps it (one per console).</summary>
/// <param name="Console">Console name as configured.</param>
/// <param name="Host">Host behind the console, when known.</param>
/// <param name="Readiness">The boot's readiness finding: armed or not and why, crashkernel, panic= and oops=panic.</param>
/// <param name="LearnedAt">When the console printed the line that said it last (UTC).</param>
public sealed record ConsoleReadiness(string Console, string? Host, KdumpFinding Readiness, DateTimeOffset LearnedAt);
