using System.Collections.Immutable;
using SolWatch.Parsers.Kdump;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Incidents;

/// <summary>
/// A write waiting in the writer's queue, with the task its producer awaits: a new incident, or (one queue, one
/// writer, so they are ordered after the incident they change) an update of a stored incident's kdump story, or a
/// console's kdump readiness.
/// </summary>
internal sealed class PendingIncident(NewIncident incident)
{
    public NewIncident Incident { get; } = incident;

    /// <summary>For an update: the incident it changes and the new story; null for a new incident.</summary>
    public KdumpAmendment? Amendment { get; init; }

    /// <summary>For an attachment: the incident it belongs to and the file (or the error); null otherwise.</summary>
    public AttachmentAmendment? Attachment { get; init; }

    /// <summary>For a readiness write: what to keep for the console; null otherwise.</summary>
    public ConsoleReadiness? Readiness { get; init; }

    /// <summary>For a hardware event: the event and its id (made when queued); null otherwise.</summary>
    public HardwareAmendment? Hardware { get; init; }

    // Updates, attachments and readiness are never displaced from a full queue: they are small, and they tell the end of a crash.
    public bool Panicked => Incident.Report.Panicked || Amendment is not null || Readiness is not null || Attachment is not null;

    /// <summary>Assigned by the writer on the first attempt and kept across retries (so a retry cannot duplicate).</summary>
    public long Id { get; set; }

    // RunContinuationsAsynchronously: the producer's continuation must not run on (and stall) the writer.
    public TaskCompletionSource<Incident> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A new kdump story for a stored incident, and the console lines after its crash when they changed.</summary>
internal sealed record KdumpAmendment(long IncidentId, KdumpFinding Kdump, ImmutableArray<TranscriptLine>? CaptureTranscript);

/// <summary>A hardware event to store in its own collection, with the id it was given when queued.</summary>
internal sealed record HardwareAmendment(LiteDB.ObjectId Id, SolWatch.Storage.Hardware.NewHardwareEvent Event);

/// <summary>A file (or the reason there is none) to attach to a stored incident, replacing one of the same name.</summary>
internal sealed record AttachmentAmendment(long IncidentId, IncidentAttachment Attachment);
