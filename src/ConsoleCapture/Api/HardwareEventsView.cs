using SolWatch.Parsers.Hardware;
using SolWatch.Storage.Hardware;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// The answer of <c>GET /api/hardware-events</c> and of <c>solwatch incidents list --kind hardware --json</c>: each
/// console's counts over the last hour, day and week (a rising rate is a failing part), then the events, newest first.
/// </summary>
/// <param name="Rates">Per console, by name.</param>
/// <param name="Events">The events matching the query.</param>
public sealed record HardwareEventsView(IReadOnlyList<HardwareRate> Rates, IReadOnlyList<HardwareEventSummary> Events);

/// <summary>
/// One stored hardware event as the API and the CLI show it: <c>kind</c> is always <c>hardware</c> (architecture.md),
/// registers and addresses as hex strings (JSON numbers lose 64-bit values), severity and origin by their wire names.
/// </summary>
public sealed record HardwareEventSummary(
    string Id, string Console, string? Host, DateTimeOffset At, string Kind, string Origin, string Severity, string Summary,
    int? Cpu, int? Socket, int? Bank, string? Status, IReadOnlyList<string> StatusFlags, string? McgStatus, string? Address,
    string? Misc, int? MemoryController, int? Channel, int? Dimm, int? Rank, string? Location, string? ErrorType, int Count,
    long StartLine, long EndLine, string Text)
{
    /// <summary>The summary of <paramref name="stored"/>.</summary>
    public static HardwareEventSummary Of(StoredHardwareEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        HardwareEvent e = stored.Event;
        return new HardwareEventSummary(
            stored.Id, stored.Console, stored.Host, stored.At, "hardware", HardwareSourceName.Of(e.Source), HardwareSeverityName.Of(e.Severity),
            e.Summary, e.Cpu, e.Socket, e.Bank, Hex(e.Status?.Raw, 16), e.Status?.Names() ?? [], Hex(e.McgStatus, 0), Hex(e.Address, 0),
            Hex(e.Misc, 0), e.MemoryController, e.Channel, e.Dimm, e.Rank, e.Location, e.ErrorType, e.Count, e.StartLine, e.EndLine, e.Text);
    }

    /// <summary>"0x" and the value in hex (zero-padded to <paramref name="digits"/>), or null.</summary>
    public static string? Hex(ulong? value, int digits) => Cli.Scan.RegisterHex.Of(value, digits);
}
