namespace SolWatch.Storage.Incidents.Persistence;

// The kdump story as stored (a report's Kdump, a console's readiness): the fields of Parsers' KdumpFinding, times as
// UTC ticks, the outcome by its wire name. Renaming a property renames a field in every existing database: don't.

/// <summary>One <see cref="Parsers.Kdump.KdumpFinding"/>.</summary>
internal sealed class KdumpDocument
{
    public string Kind { get; set; } = "";
    public long StartLine { get; set; }
    public long EndLine { get; set; }
    public bool? Armed { get; set; }
    public string Outcome { get; set; } = "";
    public string Reason { get; set; } = "";
    public long? CrashKernelBytes { get; set; }
    public string? VmcorePath { get; set; }
    public int? PanicTimeout { get; set; }
    public bool? PanicOnOops { get; set; }
    public bool CaptureWithoutCrash { get; set; }
    public List<KdumpEventDocument> Timeline { get; set; } = [];
}

/// <summary>One <see cref="Parsers.Kdump.KdumpEvent"/>.</summary>
internal sealed class KdumpEventDocument
{
    public long Line { get; set; }
    public long AtTicks { get; set; }
    public string Event { get; set; } = "";
}

/// <summary>A console's kdump readiness, one per console (<c>kdump_readiness</c> collection, keyed by console name).</summary>
internal sealed class ReadinessDocument
{
    public string Id { get; set; } = "";
    public string? Host { get; set; }
    public long LearnedAtTicks { get; set; }
    public KdumpDocument Readiness { get; set; } = new();
}
