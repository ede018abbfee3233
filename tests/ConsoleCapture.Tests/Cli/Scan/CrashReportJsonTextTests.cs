using System.Text.Json;
using SolWatch.ConsoleCapture.Cli.Scan;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Tests.Cli.Scan;

/// <summary>
/// <c>scan --format json</c> writes a report's text from its lines, as segments of one JSON string, while nobody joined
/// them yet: the string must be the report's <see cref="CrashReport.Text"/> to the character, escapes and all.
/// </summary>
public sealed class CrashReportJsonTextTests
{
    private static CrashReport Detect(params string[] lines)
    {
        var detector = new CrashDetector();
        var reports = new List<CrashReport>();
        foreach (string line in lines)
        {
            reports.AddRange(detector.Push(line, DateTimeOffset.UnixEpoch));
        }
        reports.AddRange(detector.Flush(DateTimeOffset.MaxValue));
        return Assert.Single(reports);
    }

    private static string TextField(CrashReport report)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            CrashReportJson.Write(w, "console.log", report);
        }
        using JsonDocument json = JsonDocument.Parse(buffer.WrittenMemory);
        return json.RootElement.GetProperty("text").GetString()!;
    }

    [Fact]
    public void The_text_written_from_the_unjoined_lines_is_the_reports_text_with_quotes_tabs_and_backslashes()
    {
        CrashReport report = Detect(
            "[   10.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008",
            "[   10.000001] #PF: supervisor read access in kernel mode \"quoted\"\tand a tab \\ backslash",
            "[   10.000002] RIP: 0010:lab_null+0x8/0x20 [labcrash]",
            "[   10.000003] Call Trace:",
            "[   10.000004]  <TASK>",
            "[   10.000005]  lab_write+0x10/0x30 [labcrash]",
            "[   10.000006]  </TASK>",
            "[   10.000007] ---[ end trace 0000000000000000 ]---");
        Assert.True(report.TryGetUnjoinedLines(out ReadOnlySpan<string> lines), "the detector hands the report out unjoined");
        Assert.Equal(8, lines.Length);

        string written = TextField(report);

        Assert.Equal(report.Text, written);
        Assert.False(report.TryGetUnjoinedLines(out _), "read, the text is joined once and kept");
        Assert.Equal(report.Text, TextField(report));
    }
}
