using System.Globalization;
using SolWatch.Parsers.Kdump;

namespace SolWatch.ConsoleCapture.Cli.Kdump;

/// <summary>A finding for people: one headline, then the timeline on one indented line. Everything is escaped for
/// the terminal (<see cref="TerminalText"/>): the reason and the vmcore path are console text, and the source is a
/// file name, which may hold anything but a slash and NUL.</summary>
/// <example>
/// console.log:350-777: crash: saved (armed, crashkernel 112M): vmcore saved to /mnt/crash/127.0.0.1-…/vmcore
///   timeline: 350 panic, 385 capture kernel booted, 754 save target chosen, …
/// </example>
internal static class KdumpTextFormatter
{
    public static void Write(TextWriter output, string source, KdumpFinding f)
    {
        TextWriter w = TerminalText.Writer(output);
        string what = f.Kind == KdumpFindingKind.Readiness ? "boot" : "crash";
        string armed = f.Armed switch { true => "armed", false => "not armed", null => "armed: unknown" };
        string size = f.CrashKernelBytes is { } b ? $", crashkernel {Size(b)}" : "";
        string outcome = f.Kind == KdumpFindingKind.Readiness ? "readiness" : f.Outcome.Name();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{source}:{f.StartLine}-{f.EndLine}: {what}: {outcome} ({armed}{size}): {f.Reason}"));
        if (f.Timeline.Count > 0)
        {
            w.WriteLine("  timeline: " + string.Join(", ", f.Timeline.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Line} {e.Event}"))));
        }
    }

    private static string Size(long bytes) =>
        bytes % (1L << 30) == 0 ? $"{bytes >> 30}G" : bytes % (1L << 20) == 0 ? $"{bytes >> 20}M" : $"{bytes} bytes";
}
