using System.Collections.Immutable;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Incidents;

/// <summary>A crash seen on a console, ready to be stored.</summary>
/// <param name="Console">Console name as configured.</param>
/// <param name="Host">Host behind the console, when known (fleet view counts hosts; falls back to the console).</param>
/// <param name="Report">What the detector found.</param>
/// <param name="FirstLineAt">Receive time of the report's first line.</param>
/// <param name="LastLineAt">Receive time of the report's last line.</param>
/// <param name="Context">Transcript lines from some lines before the report through its end.</param>
public sealed record NewIncident(
    string Console,
    string? Host,
    CrashReport Report,
    DateTimeOffset FirstLineAt,
    DateTimeOffset LastLineAt,
    ImmutableArray<TranscriptLine> Context);
