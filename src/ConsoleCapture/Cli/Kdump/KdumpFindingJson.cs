using System.Text.Json;
using SolWatch.Parsers.Kdump;

namespace SolWatch.ConsoleCapture.Cli.Kdump;

/// <summary>
/// One finding as JSON (architecture.md, the <c>kdump</c> object): <c>source</c>, <c>kind</c>, <c>startLine</c>,
/// <c>endLine</c>, <c>armed</c>, <c>outcome</c>, <c>reason</c>, <c>crashkernel</c> (bytes), <c>vmcorePath</c>,
/// <c>panicTimeout</c>, <c>panicOnOops</c>, <c>captureWithoutCrash</c>, <c>timeline</c> of <c>{line, at, event}</c>
/// (<c>at</c> is null offline: a file has no receive times).
/// </summary>
internal static class KdumpFindingJson
{
    /// <summary>Writes the finding as an object; <paramref name="source"/> is left out when null (a report's or an
    /// incident's <c>kdump</c>, where the source is the report's own).</summary>
    public static void Write(Utf8JsonWriter w, string? source, KdumpFinding f)
    {
        w.WriteStartObject();
        if (source is not null)
        {
            w.WriteString("source", source);
        }
        w.WriteString("kind", f.Kind == KdumpFindingKind.Readiness ? "readiness" : "dump");
        w.WriteNumber("startLine", f.StartLine);
        w.WriteNumber("endLine", f.EndLine);
        if (f.Armed is { } armed)
        {
            w.WriteBoolean("armed", armed);
        }
        else
        {
            w.WriteNull("armed");
        }
        w.WriteString("outcome", f.Outcome.Name());
        w.WriteString("reason", f.Reason);
        WriteNumber(w, "crashkernel", f.CrashKernelBytes);
        w.WriteString("vmcorePath", f.VmcorePath);
        WriteNumber(w, "panicTimeout", f.PanicTimeout);
        if (f.PanicOnOops is { } oops)
        {
            w.WriteBoolean("panicOnOops", oops);
        }
        else
        {
            w.WriteNull("panicOnOops");
        }
        w.WriteBoolean("captureWithoutCrash", f.CaptureWithoutCrash);
        w.WriteStartArray("timeline");
        foreach (KdumpEvent e in f.Timeline)
        {
            w.WriteStartObject();
            w.WriteNumber("line", e.Line);
            if (e.At == default)
            {
                w.WriteNull("at");
            }
            else
            {
                w.WriteString("at", e.At);
            }
            w.WriteString("event", e.Event);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, long? value)
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
