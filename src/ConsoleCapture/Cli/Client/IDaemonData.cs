using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Hardware;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Cli.Client;

/// <summary>
/// Where the CLI verbs get their data: the running daemon's API, or — when no daemon runs — the database file
/// itself (a postmortem on a copied file).
/// </summary>
internal interface IDaemonData : IAsyncDisposable
{
    /// <summary>Says where the data comes from (for <c>--verbose</c>-style notes on stderr).</summary>
    string Source { get; }

    Task<IReadOnlyList<Incident>> QueryAsync(IncidentQuery query, CancellationToken ct, bool attachmentTexts = false);

    Task<Incident?> GetAsync(long id, CancellationToken ct);

    Task<IReadOnlyList<FingerprintGroup>> FleetAsync(IncidentQuery query, CancellationToken ct);

    /// <summary>Each console's kdump readiness and its last crash's dump.</summary>
    Task<IReadOnlyList<KdumpFleetEntry>> KdumpFleetAsync(CancellationToken ct);

    /// <summary>Hardware events (never incidents) matching the query, newest first, with each console's counts over the
    /// last hour, day and week.</summary>
    Task<HardwareEventsView> HardwareAsync(HardwareQuery query, CancellationToken ct);

    /// <summary>The daemon's health (stores, transcripts, netconsole listeners), or null when no daemon runs.</summary>
    Task<HealthReport?> HealthAsync(CancellationToken ct);

    /// <summary>The consoles and their state, or null when only a running daemon knows them.</summary>
    Task<IReadOnlyList<ConsoleSummary>?> ConsolesAsync(CancellationToken ct);

    /// <summary>Transcript lines since <paramref name="since"/>, then (from a daemon) live lines until cancelled.</summary>
    IAsyncEnumerable<TailLine> TailAsync(string console, DateTimeOffset? since, CancellationToken ct);

    /// <summary>A console's line transcript (with gap lines) between two times, oldest first; ends at the last line kept.</summary>
    IAsyncEnumerable<TranscriptLine> TranscriptAsync(string console, DateTimeOffset? since, DateTimeOffset? until, CancellationToken ct);

    /// <summary>A console's raw transcript (the exact bytes, and gaps) between two times, oldest first.</summary>
    IAsyncEnumerable<RawSegment> RawTranscriptAsync(string console, DateTimeOffset? since, DateTimeOffset? until, CancellationToken ct);
}
