using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>
/// Writes a report as the scanner's JSON contract (../shared/docs/architecture.md), field names exactly as there.
/// The one writer of a report's JSON: <c>scan --format json</c> and the incident JSON (<c>incidents export</c>,
/// <c>incidents show --json</c>, which put this very object under <c>report</c>) share it, so a report has the same
/// fields, names and shapes wherever it is read.
/// </summary>
internal static class CrashReportJson
{
    /// <summary>The report as one object, with <c>source</c> first when given (scan: the path it was found in).</summary>
    public static void Write(Utf8JsonWriter w, string? source, CrashReport r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteStartObject();
        if (source is not null)
        {
            w.WriteString("source", source);
        }
        WriteFields(w, r);
        w.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter w, CrashReport r)
    {
        w.WriteString("kind", KindName(r.Kind));
        w.WriteString("title", r.Title);
        w.WriteString("fingerprint", r.Fingerprint);
        w.WriteBoolean("panicked", r.Panicked);
        WriteNullable(w, "panicReason", r.PanicReason);
        w.WriteBoolean("corrupted", r.Corrupted);
        WriteNullable(w, "corruptedReason", r.CorruptedReason);
        if (r.Ip is { } ip)
        {
            w.WriteStartObject("ip");
            WriteNullable(w, "address", ip.Address);
            WriteNullable(w, "function", ip.Function);
            WriteNullable(w, "offset", ip.Offset);
            WriteNullable(w, "size", ip.Size);
            WriteNullable(w, "module", ip.Module);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("ip");
        }
        WriteNullable(w, "guiltyFrame", r.GuiltyFrame);
        w.WriteStartArray("frames");
        foreach (StackFrame f in r.Frames)
        {
            w.WriteStartObject();
            w.WriteString("function", f.Function);
            WriteNullable(w, "offset", f.Offset);
            WriteNullable(w, "size", f.Size);
            WriteNullable(w, "module", f.Module);
            w.WriteBoolean("reliable", f.Reliable);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("registers");
        foreach (KeyValuePair<string, string> reg in r.Registers)
        {
            w.WriteString(reg.Key, reg.Value);
        }
        w.WriteEndObject();
        w.WriteStartObject("kernel");
        WriteNullable(w, "release", r.Kernel.Release);
        WriteNullable(w, "tainted", r.Kernel.Tainted);
        w.WriteEndObject();
        if (r.Task is { } t)
        {
            w.WriteStartObject("task");
            WriteNullable(w, "cpu", t.Cpu);
            WriteNullable(w, "pid", t.Pid);
            WriteNullable(w, "comm", t.Comm);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("task");
        }
        WriteNullable(w, "hardware", r.Hardware);
        w.WriteStartArray("modules");
        foreach (string m in r.Modules)
        {
            w.WriteStringValue(m);
        }
        w.WriteEndArray();
        w.WriteNumber("startLine", r.StartLine);
        w.WriteNumber("endLine", r.EndLine);
        if (r.Kdump is { } kdump)
        {
            w.WritePropertyName("kdump");
            Kdump.KdumpFindingJson.Write(w, null, kdump);
        }
        else
        {
            w.WriteNull("kdump");
        }
        WriteText(w, r);
    }

    private static void WriteText(Utf8JsonWriter w, CrashReport r)
    {
        if (!r.TryGetUnjoinedLines(out ReadOnlySpan<string> lines))
        {
            w.WriteString("text", r.Text);
            return;
        }
        // The lines as segments of one JSON string: the same output as the joined text, without joining it.
        w.WritePropertyName("text");
        for (int i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                w.WriteStringValueSegment("\n", isFinalSegment: false);
            }
            w.WriteStringValueSegment(lines[i], isFinalSegment: false);
        }
        w.WriteStringValueSegment(ReadOnlySpan<char>.Empty, isFinalSegment: true);
    }

    /// <summary>The kind as it appears in JSON and tables: kebab-case of the enum name (<see cref="CrashKindName"/>).</summary>
    public static string KindName(CrashKind kind) => CrashKindName.Of(kind);

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
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

    private static void WriteNullable(Utf8JsonWriter w, string name, long? value)
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
}
