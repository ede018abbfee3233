using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.Parsers.Kdump;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Cli.Kdump;

/// <summary>
/// <c>solwatch kdump</c> with no file: one row per console: armed or not (from its last boot), the reservation, its
/// last crash and what became of that dump, and the one reason that matters most (a failed capture's, else readiness's).
/// </summary>
internal static class KdumpFleetText
{
    public static void Write(TextWriter output, IReadOnlyList<KdumpFleetEntry> fleet, bool json)
    {
        if (json)
        {
            output.WriteLine(TerminalText.EscapeJson(JsonSerializer.Serialize(fleet, ApiJson.Indented)));
            return;
        }
        if (fleet.Count == 0)
        {
            output.WriteLine("no consoles known yet: kdump readiness is learned from a console's boot messages");
            return;
        }
        var table = new TableWriter("CONSOLE", "ARMED", "CRASHKERNEL", "LAST CRASH (UTC)", "LAST DUMP", "WHY");
        foreach (KdumpFleetEntry e in fleet)
        {
            KdumpFinding? ready = e.Readiness;
            KdumpFinding? dump = e.LastCrash?.Kdump;
            string armed = ready?.Armed switch { true => "yes", false => "NO", null => "unknown" };
            long? bytes = ready?.CrashKernelBytes ?? dump?.CrashKernelBytes;
            // Not armed now is what to fix first; else what became of the last dump; else how the host is armed.
            string why = ready is { Armed: false } ? ready.Reason
                : dump?.Reason ?? ready?.Reason ?? "the console has said nothing about kdump yet";
            table.Add(e.Console, armed, bytes is { } b ? CrashKernelSize.Format(b) : "-",
                e.LastCrash is { } c ? TableWriter.Time(c.At) : "-", dump?.Outcome.Name() ?? "-", why);
        }
        table.Write(output);
    }
}
