using LiteDB;

namespace SolWatch.Storage.Incidents.Persistence;

// A hardware event as stored (hardware_events collection): the fields of Parsers' HardwareEvent, times as UTC ticks,
// enums by their wire names, registers as signed 64-bit (BSON has no unsigned). Renaming a property renames a field in
// every existing database: don't.

/// <summary>One stored <see cref="Parsers.Hardware.HardwareEvent"/> with its console.</summary>
internal sealed class HardwareDocument
{
    public ObjectId Id { get; set; } = ObjectId.Empty;
    public string Console { get; set; } = "";
    public string? Host { get; set; }
    public long AtTicks { get; set; }
    public long StoredAtTicks { get; set; }
    public string Source { get; set; } = "";
    public string Severity { get; set; } = "";
    public string Summary { get; set; } = "";
    public int? Cpu { get; set; }
    public int? Socket { get; set; }
    public int? Bank { get; set; }
    public long? Status { get; set; }
    public long? McgStatus { get; set; }
    public long? Address { get; set; }
    public long? Misc { get; set; }
    public int? MemoryController { get; set; }
    public int? Channel { get; set; }
    public int? Dimm { get; set; }
    public int? Rank { get; set; }
    public string? Location { get; set; }
    public string? ErrorType { get; set; }
    public int Count { get; set; } = 1;
    public long StartLine { get; set; }
    public long EndLine { get; set; }
    public string Text { get; set; } = "";
}
