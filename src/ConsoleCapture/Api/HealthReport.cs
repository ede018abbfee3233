using SolWatch.ConsoleCapture.Collectors.Netconsole;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>The answer of <c>GET /api/health</c>.</summary>
/// <param name="Status"><c>ok</c>, or <c>degraded</c> when a store reports errors.</param>
/// <param name="StartedAt">When the daemon started.</param>
/// <param name="Consoles">Consoles configured.</param>
/// <param name="ConsolesConnected">Consoles connected now.</param>
/// <param name="Incidents">The incident store's counters.</param>
/// <param name="Transcripts">The transcript writer's counters.</param>
/// <param name="Netconsole">Each netconsole listener's counters (datagrams dropped as impossible, from unknown senders...).</param>
public sealed record HealthReport(
    string Status, DateTimeOffset StartedAt, int Consoles, int ConsolesConnected, StoreHealth Incidents, TranscriptHealth Transcripts,
    IReadOnlyList<NetconsoleHealth> Netconsole);
