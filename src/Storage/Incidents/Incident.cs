using System.Collections.Immutable;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Incidents;

/// <summary>A stored crash.</summary>
/// <param name="Id">Store-assigned id, increasing in storing order, never reused.</param>
/// <param name="Console">Console name as configured.</param>
/// <param name="Host">Host behind the console, when known.</param>
/// <param name="Report">What the detector found.</param>
/// <param name="FirstLineAt">Receive time of the report's first line (UTC).</param>
/// <param name="LastLineAt">Receive time of the report's last line (UTC).</param>
/// <param name="StoredAt">When the store committed it (UTC).</param>
/// <param name="Context">Transcript lines from some lines before the report through its end.</param>
public sealed record Incident(
    long Id,
    string Console,
    string? Host,
    CrashReport Report,
    DateTimeOffset FirstLineAt,
    DateTimeOffset LastLineAt,
    DateTimeOffset StoredAt,
    ImmutableArray<TranscriptLine> Context)
{
    private readonly DateTimeOffset? _lastSeenAt;

    /// <summary>
    /// How many times this crash was reported on this console: repeats of the same fingerprint within the store's
    /// repeat window are counted here instead of stored again (see <see cref="IncidentStoreOptions.RepeatWindow"/>).
    /// </summary>
    public int Occurrences { get; init; } = 1;

    /// <summary>
    /// The console lines after the crash (the capture kernel's boot and save), filled in as its kdump story unfolds
    /// (<see cref="Parsers.Reports.CrashReport.Kdump"/>); empty when none were seen.
    /// </summary>
    public ImmutableArray<TranscriptLine> CaptureTranscript { get; init; } = [];

    /// <summary>
    /// Files fetched for this incident after the fact (the host's <c>vmcore-dmesg.txt</c>), or why they could not be,
    /// one per name, in the order they were first attached; empty when none.
    /// </summary>
    public ImmutableArray<IncidentAttachment> Attachments { get; init; } = [];

    /// <summary>Receive time of the last line of the latest occurrence (UTC); <see cref="LastLineAt"/> when it occurred once.</summary>
    public DateTimeOffset LastSeenAt
    {
        get => _lastSeenAt ?? LastLineAt;
        init => _lastSeenAt = value;
    }
}
