namespace SolWatch.Parsers.Hardware;

/// <summary>
/// One hardware error as the kernel reported it on the console (architecture.md: <c>kind: "hardware"</c>): never a crash
/// by itself. A multi-line record (an MCE's <c>Machine Check</c>/<c>TSC</c>/<c>PROCESSOR</c> lines, a GHES record, an
/// AMD decode with its EDAC line) is one event. Fields the console did not print are null.
/// </summary>
public sealed record HardwareEvent
{
    /// <summary>Which part of the kernel printed it.</summary>
    public required HardwareSource Source { get; init; }

    /// <summary>How bad it is.</summary>
    public required HardwareSeverity Severity { get; init; }

    /// <summary>One line for people: severity, what and where.</summary>
    public required string Summary { get; init; }

    /// <summary>The logical CPU that saw it.</summary>
    public int? Cpu { get; init; }

    /// <summary>The CPU socket (MCE <c>SOCKET</c>, EDAC <c>socket:</c>/<c>SrcID#</c>).</summary>
    public int? Socket { get; init; }

    /// <summary>The machine check bank.</summary>
    public int? Bank { get; init; }

    /// <summary>MCi_STATUS as printed.</summary>
    public McaStatus? Status { get; init; }

    /// <summary>MCG_STATUS as printed.</summary>
    public ulong? McgStatus { get; init; }

    /// <summary>The physical address (MCi_ADDR, EDAC page and offset, CPER physical_address).</summary>
    public ulong? Address { get; init; }

    /// <summary>MCi_MISC as printed.</summary>
    public ulong? Misc { get; init; }

    /// <summary>The EDAC memory controller (<c>EDAC MC1</c>).</summary>
    public int? MemoryController { get; init; }

    /// <summary>The memory channel.</summary>
    public int? Channel { get; init; }

    /// <summary>The DIMM (slot) on the channel.</summary>
    public int? Dimm { get; init; }

    /// <summary>The DIMM rank.</summary>
    public int? Rank { get; init; }

    /// <summary>Where, as the firmware or driver names it (EDAC label, CPER fru_text/DIMM location).</summary>
    public string? Location { get; init; }

    /// <summary>What kind of error, as the driver says (<c>memory read error</c>, <c>single-bit ECC</c>,
    /// <c>DRAM ECC error</c>, <c>UE Load/Store</c>).</summary>
    public string? ErrorType { get; init; }

    /// <summary>How many errors the record counts (EDAC's count; 1 otherwise).</summary>
    public int Count { get; init; } = 1;

    /// <summary>First console line of the record (1-based).</summary>
    public long StartLine { get; init; }

    /// <summary>Last console line of the record.</summary>
    public long EndLine { get; init; }

    /// <summary>When its first line was received (default when the caller gave none).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The record's console lines as printed, joined by '\n'.</summary>
    public string Text { get; init; } = "";
}
