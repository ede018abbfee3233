using System.Collections.Immutable;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Cli.Incidents;

/// <summary>
/// The files attached to an incident as <c>incidents show</c> prints them: one header line each (name, source, when),
/// then the text indented, or the reason it could not be fetched. The writer escapes for the terminal.
/// </summary>
internal static class AttachmentText
{
    public static void Write(TextWriter t, ImmutableArray<IncidentAttachment> attachments)
    {
        foreach (IncidentAttachment a in attachments)
        {
            t.WriteLine();
            if (a.Error is { } error)
            {
                t.WriteLine($"attachment {a.Name}: not fetched ({TableWriter.Time(a.FetchedAt)} UTC): {error}");
                continue;
            }
            string[] lines = (a.Text ?? "").TrimEnd('\n').Split('\n');
            t.WriteLine($"attachment {a.Name} ({lines.Length} lines from {a.Source}, fetched {TableWriter.Time(a.FetchedAt)} UTC{(a.Truncated ? "; truncated" : "")}):");
            foreach (string line in lines)
            {
                t.WriteLine($"    {line.TrimEnd('\r')}");
            }
        }
    }
}
