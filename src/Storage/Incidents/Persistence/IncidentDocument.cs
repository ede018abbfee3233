namespace SolWatch.Storage.Incidents.Persistence;

// LiteDB's mapper needs classes with settable properties; these DTOs are the database's schema and nothing else
// sees them (IncidentMapping converts to and from the immutable records). Times are UTC ticks: LiteDB stores
// DateTime with millisecond precision and converts to local time on read, ticks are exact and unambiguous.
// Renaming a property here renames a field in every existing database: don't.

/// <summary>One incident as stored in the <c>incidents</c> collection.</summary>
internal sealed class IncidentDocument
{
    public long Id { get; set; }
    public string Console { get; set; } = "";
    public string? Host { get; set; }
    public long FirstLineAtTicks { get; set; }
    public long LastLineAtTicks { get; set; }
    public long StoredAtTicks { get; set; }

    // Repeats of this crash on this console counted here instead of stored again (absent in older files: 1 and
    // LastLineAtTicks). LastOccurrenceId is the writer's id of the last repeat counted, so a retried batch whose
    // commit had already reached the log does not count its repeats twice.
    public int Occurrences { get; set; } = 1;
    public long LastSeenAtTicks { get; set; }
    public long LastOccurrenceId { get; set; }
    public ReportDocument Report { get; set; } = new();
    public List<TranscriptLineDocument> Context { get; set; } = [];
    // The console lines after the crash (the capture kernel's boot and save), filled in as they come (absent: none).
    public List<TranscriptLineDocument>? CaptureTranscript { get; set; }
    // Files fetched for the incident after the fact (vmcore-dmesg.txt over SSH), one per name (absent: none).
    public List<AttachmentDocument>? Attachments { get; set; }
}

/// <summary>One <see cref="IncidentAttachment"/>.</summary>
internal sealed class AttachmentDocument
{
    public string Name { get; set; } = "";
    public long FetchedAtTicks { get; set; }
    public string Source { get; set; } = "";
    public string? Text { get; set; }
    public string? Error { get; set; }
    public bool Truncated { get; set; }
}

/// <summary>Every field of <see cref="Parsers.Reports.CrashReport"/>.</summary>
internal sealed class ReportDocument
{
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public bool Panicked { get; set; }
    public string? PanicReason { get; set; }
    public bool Corrupted { get; set; }
    public string? CorruptedReason { get; set; }
    public InstructionPointerDocument? Ip { get; set; }
    public List<StackFrameDocument> Frames { get; set; } = [];
    public string? GuiltyFrame { get; set; }

    // A list of pairs, not a dictionary: register names become data, never BSON field names.
    public List<RegisterDocument> Registers { get; set; } = [];
    public string? KernelRelease { get; set; }
    public string? KernelTainted { get; set; }
    public TaskDocument? Task { get; set; }
    public string? Hardware { get; set; }
    public List<string> Modules { get; set; } = [];
    public long StartLine { get; set; }
    public long EndLine { get; set; }
    public string Text { get; set; } = "";
    // The crash's kdump story, updated as it unfolds (absent: none known).
    public KdumpDocument? Kdump { get; set; }
}

internal sealed class InstructionPointerDocument
{
    public string? Address { get; set; }
    public string? Function { get; set; }
    public long? Offset { get; set; }
    public long? Size { get; set; }
    public string? Module { get; set; }
}

internal sealed class StackFrameDocument
{
    public string Function { get; set; } = "";
    public long? Offset { get; set; }
    public long? Size { get; set; }
    public string? Module { get; set; }
    public bool Reliable { get; set; }
}

internal sealed class RegisterDocument
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}

internal sealed class TaskDocument
{
    public int? Cpu { get; set; }
    public int? Pid { get; set; }
    public string? Comm { get; set; }
}

internal sealed class TranscriptLineDocument
{
    public long ReceivedAtTicks { get; set; }
    public string Text { get; set; } = "";
    public bool IsGap { get; set; }
}
