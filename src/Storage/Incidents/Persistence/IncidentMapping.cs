using LiteDB;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>Converts between the immutable records and the LiteDB DTOs, field by field.</summary>
internal static class IncidentMapping
{
    /// <summary>
    /// The mapper for our DTOs. LiteDB's defaults trim strings and turn "" into null, which would change console
    /// text and report fields on the way through; both are switched off so a stored report reads back exactly.
    /// </summary>
    public static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper
        {
            TrimWhitespace = false,
            EmptyStringToNull = false,
            SerializeNullValues = false,
            EnumAsInteger = false,
        };
        mapper.Entity<IncidentDocument>().Id(x => x.Id, autoId: false);
        mapper.Entity<ReadinessDocument>().Id(x => x.Id, autoId: false);
        mapper.Entity<HardwareDocument>().Id(x => x.Id, autoId: false);
        return mapper;
    }

    public static IncidentDocument ToDocument(long id, NewIncident incident, DateTimeOffset storedAt) => new()
    {
        Id = id,
        Console = incident.Console,
        Host = incident.Host,
        FirstLineAtTicks = incident.FirstLineAt.UtcTicks,
        LastLineAtTicks = incident.LastLineAt.UtcTicks,
        StoredAtTicks = storedAt.UtcTicks,
        Occurrences = 1,
        LastSeenAtTicks = incident.LastLineAt.UtcTicks,
        LastOccurrenceId = id,
        Report = ToDocument(incident.Report),
        Context = [.. incident.Context.Select(ToDocument)],
    };

    public static Incident ToIncident(IncidentDocument document) => new(
        document.Id,
        document.Console,
        document.Host,
        ToReport(document.Report),
        FromTicks(document.FirstLineAtTicks),
        FromTicks(document.LastLineAtTicks),
        FromTicks(document.StoredAtTicks),
        [.. document.Context.Select(ToLine)])
    {
        CaptureTranscript = document.CaptureTranscript is { } capture ? [.. capture.Select(ToLine)] : [],
        Attachments = document.Attachments is { } attachments ? [.. attachments.Select(ToAttachment)] : [],
        Occurrences = Math.Max(1, document.Occurrences),
        LastSeenAt = FromTicks(Math.Max(document.LastSeenAtTicks, document.LastLineAtTicks)),
    };

    public static DateTimeOffset FromTicks(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static ReportDocument ToDocument(CrashReport report) => new()
    {
        Kind = report.Kind.ToString(),
        Title = report.Title,
        Fingerprint = report.Fingerprint,
        Panicked = report.Panicked,
        PanicReason = report.PanicReason,
        Corrupted = report.Corrupted,
        CorruptedReason = report.CorruptedReason,
        Ip = report.Ip is { } ip
            ? new InstructionPointerDocument
            {
                Address = ip.Address, Function = ip.Function, Offset = ip.Offset, Size = ip.Size, Module = ip.Module,
            }
            : null,
        Frames = [.. report.Frames.Select(f => new StackFrameDocument
        {
            Function = f.Function, Offset = f.Offset, Size = f.Size, Module = f.Module, Reliable = f.Reliable,
        })],
        GuiltyFrame = report.GuiltyFrame,
        Registers = [.. report.Registers.Select(r => new RegisterDocument { Name = r.Key, Value = r.Value })],
        KernelRelease = report.Kernel.Release,
        KernelTainted = report.Kernel.Tainted,
        Task = report.Task is { } task ? new TaskDocument { Cpu = task.Cpu, Pid = task.Pid, Comm = task.Comm } : null,
        Hardware = report.Hardware,
        Modules = [.. report.Modules],
        StartLine = report.StartLine,
        EndLine = report.EndLine,
        Text = report.Text,
        Kdump = report.Kdump is { } kdump ? KdumpMapping.ToDocument(kdump) : null,
    };

    private static CrashReport ToReport(ReportDocument d) => new()
    {
        Kind = ParseKind(d.Kind),
        Title = d.Title,
        Fingerprint = d.Fingerprint,
        Panicked = d.Panicked,
        PanicReason = d.PanicReason,
        Corrupted = d.Corrupted,
        CorruptedReason = d.CorruptedReason,
        Ip = d.Ip is { } ip ? new InstructionPointer(ip.Address, ip.Function, ip.Offset, ip.Size, ip.Module) : null,
        Frames = [.. d.Frames.Select(f => new StackFrame(f.Function, f.Offset, f.Size, f.Module, f.Reliable))],
        GuiltyFrame = d.GuiltyFrame,
        Registers = RegisterDictionary.Of(d.Registers.Select(r => KeyValuePair.Create(r.Name, r.Value))),
        Kernel = new KernelInfo(d.KernelRelease, d.KernelTainted),
        Task = d.Task is { } t ? new TaskInfo(t.Cpu, t.Pid, t.Comm) : null,
        Hardware = d.Hardware,
        Modules = [.. d.Modules],
        StartLine = d.StartLine,
        EndLine = d.EndLine,
        Text = d.Text,
        Kdump = d.Kdump is { } kdump ? KdumpMapping.ToFinding(kdump) : null,
    };

    /// <summary>Kinds are stored by name (readable in a database dump); a name this build does not know reads as Other.</summary>
    public static CrashKind ParseKind(string name) =>
        Enum.TryParse<CrashKind>(name, ignoreCase: false, out var kind) ? kind : CrashKind.Other;

    public static TranscriptLineDocument ToDocument(TranscriptLine line) => new()
    {
        ReceivedAtTicks = line.ReceivedAt.UtcTicks, Text = line.Text, IsGap = line.IsGap,
    };

    public static AttachmentDocument ToDocument(IncidentAttachment a) => new()
    {
        Name = a.Name, FetchedAtTicks = a.FetchedAt.UtcTicks, Source = a.Source, Text = a.Text, Error = a.Error, Truncated = a.Truncated,
    };

    private static IncidentAttachment ToAttachment(AttachmentDocument d) =>
        new(d.Name, FromTicks(d.FetchedAtTicks), d.Source, d.Text, d.Error) { Truncated = d.Truncated };

    private static TranscriptLine ToLine(TranscriptLineDocument d) =>
        new(FromTicks(d.ReceivedAtTicks), d.Text) { IsGap = d.IsGap };

    /// <summary>Reads a raw document through the mapper.</summary>
    public static Incident ToIncident(BsonMapper mapper, BsonDocument document) =>
        ToIncident(mapper.ToObject<IncidentDocument>(document));
}
