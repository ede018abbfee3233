using System.Globalization;
using SolWatch.Parsers.Hardware;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary><c>scan --events</c> for a person: per hardware event where it is and what it says, decoded as mcelog
/// would (status bits by name, the memory location). Escaped for the terminal: it is console text.</summary>
internal static class HardwareEventText
{
    public static void Write(TextWriter w, string path, HardwareEvent e)
    {
        TextWriter t = TerminalText.Writer(w);
        t.WriteLine($"{path}:{e.StartLine}-{e.EndLine}: hardware: {e.Summary}");
        t.WriteLine($"  severity    {HardwareSeverityName.Of(e.Severity)} (not a crash{(e.Severity == HardwareSeverity.Fatal ? "; the kernel's panic, if printed, is the crash" : "")})");
        t.WriteLine($"  origin      {HardwareSourceName.Of(e.Source)}");
        var where = new List<string>(3);
        Add(where, "cpu", e.Cpu);
        Add(where, "socket", e.Socket);
        Add(where, "bank", e.Bank);
        if (where.Count > 0)
        {
            t.WriteLine($"  where       {string.Join(' ', where)}");
        }
        if (e.Status is { } status)
        {
            t.WriteLine($"  status      {RegisterHex.Of(status.Raw, 16)} ({string.Join(", ", status.Names())})");
        }
        if (e.Address is { } address)
        {
            t.WriteLine($"  address     {RegisterHex.Of(address, 0)}");
        }
        var memory = new List<string>(5);
        Add(memory, "mc", e.MemoryController);
        Add(memory, "channel", e.Channel);
        Add(memory, "dimm", e.Dimm);
        Add(memory, "rank", e.Rank);
        if (e.Location is { } location)
        {
            memory.Add(location);
        }
        if (memory.Count > 0)
        {
            // A PCIe AER event's location is the device that reported it (its PCI address), not memory.
            t.WriteLine($"  {(e.Source == HardwareSource.Aer ? "device   " : "memory   ")}   {string.Join(' ', memory)}");
        }
        if (e.Count > 1)
        {
            t.WriteLine($"  count       {e.Count.ToString(CultureInfo.InvariantCulture)}");
        }
        t.WriteLine();
    }

    private static void Add(List<string> parts, string name, int? value)
    {
        if (value is { } v)
        {
            parts.Add($"{name} {v.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
