using System.Text.Json;
using SolWatch.Parsers.Hardware;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>
/// <c>scan --events --format json</c>: one object per hardware event, beside the crash objects, with
/// <c>"kind": "hardware"</c> (architecture.md) so a consumer of crashes can skip them; <c>source</c> is the path as for a
/// crash, <c>origin</c> the kernel part that printed it. Registers and addresses are hex strings.
/// </summary>
internal static class HardwareEventJson
{
    public static void Write(Utf8JsonWriter w, string source, HardwareEvent e)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(e);
        w.WriteStartObject();
        w.WriteString("source", source);
        w.WriteString("kind", "hardware");
        w.WriteString("origin", HardwareSourceName.Of(e.Source));
        w.WriteString("severity", HardwareSeverityName.Of(e.Severity));
        w.WriteString("summary", e.Summary);
        Number(w, "cpu", e.Cpu);
        Number(w, "socket", e.Socket);
        Number(w, "bank", e.Bank);
        Text(w, "status", RegisterHex.Of(e.Status?.Raw, 16));
        w.WriteStartArray("statusFlags");
        foreach (string flag in e.Status?.Names() ?? [])
        {
            w.WriteStringValue(flag);
        }
        w.WriteEndArray();
        Text(w, "mcgStatus", RegisterHex.Of(e.McgStatus, 0));
        Text(w, "address", RegisterHex.Of(e.Address, 0));
        Text(w, "misc", RegisterHex.Of(e.Misc, 0));
        Number(w, "memoryController", e.MemoryController);
        Number(w, "channel", e.Channel);
        Number(w, "dimm", e.Dimm);
        Number(w, "rank", e.Rank);
        Text(w, "location", e.Location);
        Text(w, "errorType", e.ErrorType);
        w.WriteNumber("count", e.Count);
        w.WriteNumber("startLine", e.StartLine);
        w.WriteNumber("endLine", e.EndLine);
        w.WriteString("text", e.Text);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
