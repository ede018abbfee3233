using System.Globalization;
using SolWatch.Parsers.Kdump;

namespace SolWatch.ConsoleCapture.Cli.Incidents;

/// <summary>An incident's kdump story as <c>incidents show</c> prints it: outcome and reason first, then the timeline.</summary>
internal static class KdumpStoryText
{
    public static void Write(TextWriter t, KdumpFinding kdump)
    {
        string armed = kdump.Armed switch { true => "armed", false => "not armed", null => "armed: unknown" };
        string size = kdump.CrashKernelBytes is { } b ? $", crashkernel {CrashKernelSize.Format(b)}" : "";
        t.WriteLine($"  kdump       {kdump.Outcome.Name()}: {kdump.Reason}");
        t.WriteLine($"              ({armed}{size}{(kdump.VmcorePath is { } p ? $"; vmcore {p}" : "")})");
        foreach (KdumpEvent e in kdump.Timeline)
        {
            string at = e.At == default ? "" : $"{TableWriter.Time(e.At)} ";
            t.WriteLine($"              {at}line {e.Line.ToString(CultureInfo.InvariantCulture)}: {e.Event}");
        }
    }
}
