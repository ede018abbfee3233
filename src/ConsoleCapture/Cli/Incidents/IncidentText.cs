using System.Globalization;
using SolWatch.ConsoleCapture.Cli.Scan;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Cli.Incidents;

/// <summary>
/// <c>incidents show</c> for a person: the crash report first, described as <c>scan</c> describes one
/// (<see cref="ScanTextFormatter.WriteDetails"/>), then where and when it was seen, then the console text around it
/// with the report's first line marked <c>&gt;</c> in the margin, then the files attached to it (<see cref="AttachmentText"/>). All of it is escaped for the terminal
/// (<see cref="TerminalText"/>): titles, frames and context are console text.
/// </summary>
internal static class IncidentText
{
    /// <summary>The margin of the report's first line in the console text; other lines get as many spaces.</summary>
    public const string FirstLineMark = "> ";

    public static void Write(TextWriter output, Incident i)
    {
        TextWriter t = TerminalText.Writer(output);
        t.WriteLine($"incident {i.Id.ToString(CultureInfo.InvariantCulture)}: {i.Report.Title}");
        ScanTextFormatter.WriteDetails(t, i.Report);
        t.WriteLine($"  console     {i.Console}{(i.Host is null ? "" : $" (host {i.Host})")}");
        t.WriteLine($"  when        {Time(i.FirstLineAt)} .. {Time(i.LastLineAt)} UTC (stored {Time(i.StoredAt)})");
        if (i.Occurrences > 1)
        {
            t.WriteLine($"  occurrences {i.Occurrences.ToString(CultureInfo.InvariantCulture)} (repeats on this console counted here; last seen {Time(i.LastSeenAt)} UTC)");
        }
        if (i.Report.Hardware is { } hardware)
        {
            t.WriteLine($"  hardware    {hardware}");
        }
        if (i.Report.Kdump is { } kdump)
        {
            KdumpStoryText.Write(t, kdump);
        }
        t.WriteLine();
        int first = FirstReportLine(i);
        string where = first < 0
            ? $"report at console lines {i.Report.StartLine.ToString(CultureInfo.InvariantCulture)}-{i.Report.EndLine.ToString(CultureInfo.InvariantCulture)}"
            : $"'{FirstLineMark.TrimEnd()}' marks the report's first line, console line {i.Report.StartLine.ToString(CultureInfo.InvariantCulture)}";
        t.WriteLine($"console text ({i.Context.Length.ToString(CultureInfo.InvariantCulture)} lines; {where}):");
        for (int n = 0; n < i.Context.Length; n++)
        {
            TranscriptLine line = i.Context[n];
            string margin = n == first ? FirstLineMark : new string(' ', FirstLineMark.Length);
            t.WriteLine(line.IsGap ? $"{margin}  ! gap: {line.Text}" : $"{margin}  {line.Text}");
        }
        if (i.CaptureTranscript.Length > 0)
        {
            t.WriteLine();
            t.WriteLine($"after the crash ({i.CaptureTranscript.Length.ToString(CultureInfo.InvariantCulture)} lines: the capture kernel's boot and save):");
            foreach (TranscriptLine line in i.CaptureTranscript)
            {
                t.WriteLine($"    {line.Text}");
            }
        }
        AttachmentText.Write(t, i.Attachments);
    }

    /// <summary>
    /// The index in the context of the report's first line, or -1. The context runs from some lines before the
    /// report through its last line, one line per console line, so the first line is as far from the end as the
    /// report is long; that line must also read as the report's text begins (else it is looked for by its text).
    /// </summary>
    public static int FirstReportLine(Incident i)
    {
        string firstText = FirstLine(i.Report.Text);
        long length = i.Report.EndLine - i.Report.StartLine + 1;
        long byNumber = i.Context.Length - length;
        if (byNumber >= 0 && byNumber < i.Context.Length && i.Context[(int)byNumber].Text == firstText)
        {
            return (int)byNumber;
        }
        for (int n = 0; n < i.Context.Length; n++)
        {
            if (!i.Context[n].IsGap && firstText.Length > 0 && i.Context[n].Text == firstText)
            {
                return n;
            }
        }
        return -1;
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    private static string? Time(DateTimeOffset t) => TableWriter.Time(t);
}
