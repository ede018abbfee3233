using System.Text.Encodings.Web;
using System.Text.Json;
using SolWatch.ConsoleCapture.Cli.Scan;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Cli.Incidents;

/// <summary>
/// An incident as <c>incidents export</c> (one per line) and <c>incidents show --json</c> print it: the incident's own
/// fields around its report, and the report written by <see cref="CrashReportJson"/>, the very object
/// <c>scan --format json</c> prints for that crash (same field names, same shapes, kind spelled the same), without the
/// scan's <c>source</c> (the incident has <c>console</c>):
/// <code>
/// {"id": 12, "console": "db-7", "host": "db-7", "firstLineAt": "...", "lastLineAt": "...", "storedAt": "...",
///  "occurrences": 1, "lastSeenAt": "...", "kdump": {"armed": true, "outcome": "saved", "reason": ..., ...} or null,
///  "report": {"kind": "oops", "title": ..., "fingerprint": ..., ..., "kdump": (the same), "text": ...},
///  "context": [{"receivedAt": "...", "text": "...", "isGap": false}, ...],
///  "captureTranscript": [{"receivedAt": "...", "text": "..."}, ...],
///  "attachments": [{"name": "vmcore-dmesg.txt", "fetchedAt": "...", "source": "ssh://...", "text": "..." or null,
///                   "error": null or "why not", "truncated": false}, ...]}
/// </code>
/// <c>kdump</c> is the crash's kdump story as last updated (<c>solwatch kdump --json</c>'s fields without
/// <c>source</c>); <c>captureTranscript</c> the console lines after the crash (the capture kernel's boot and save); <c>attachments</c> the files fetched for the incident afterwards (the host's
/// vmcore-dmesg.txt over SSH), or why one could not be.
/// <code>
/// </code>
/// </summary>
internal static class IncidentJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = Compact with { Indented = true };

    /// <summary>The incident as one JSON text (one line unless <paramref name="indented"/>).</summary>
    public static string Serialize(Incident incident, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            Write(w, incident);
        }
        return TerminalText.EscapeJson(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    public static void Write(Utf8JsonWriter w, Incident i)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(i);
        w.WriteStartObject();
        w.WriteNumber("id", i.Id);
        w.WriteString("console", i.Console);
        if (i.Host is null)
        {
            w.WriteNull("host");
        }
        else
        {
            w.WriteString("host", i.Host);
        }
        w.WriteString("firstLineAt", i.FirstLineAt);
        w.WriteString("lastLineAt", i.LastLineAt);
        w.WriteString("storedAt", i.StoredAt);
        w.WriteNumber("occurrences", i.Occurrences);
        w.WriteString("lastSeenAt", i.LastSeenAt);
        if (i.Report.Kdump is { } kdump)
        {
            w.WritePropertyName("kdump");
            Kdump.KdumpFindingJson.Write(w, null, kdump);
        }
        else
        {
            w.WriteNull("kdump");
        }
        w.WritePropertyName("report");
        CrashReportJson.Write(w, source: null, i.Report);
        w.WriteStartArray("context");
        foreach (TranscriptLine line in i.Context)
        {
            w.WriteStartObject();
            w.WriteString("receivedAt", line.ReceivedAt);
            w.WriteString("text", line.Text);
            w.WriteBoolean("isGap", line.IsGap);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("captureTranscript");
        foreach (TranscriptLine line in i.CaptureTranscript)
        {
            w.WriteStartObject();
            w.WriteString("receivedAt", line.ReceivedAt);
            w.WriteString("text", line.Text);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("attachments");
        foreach (IncidentAttachment a in i.Attachments)
        {
            w.WriteStartObject();
            w.WriteString("name", a.Name);
            w.WriteString("fetchedAt", a.FetchedAt);
            w.WriteString("source", a.Source);
            w.WriteString("text", a.Text);
            w.WriteString("error", a.Error);
            w.WriteBoolean("truncated", a.Truncated);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
