using System.Globalization;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>The scanner's output for a person: per crash its title, where it is, why it panicked, where the CPU was
/// and the top of the stack. <c>incidents show</c> describes a stored report with the same <see cref="WriteDetails"/>.
/// Everything is escaped for the terminal (<see cref="TerminalText"/>): the report is console text.</summary>
internal static class ScanTextFormatter
{
    private const int TopFrames = 8;

    public static void Write(TextWriter w, string path, CrashReport r)
    {
        TextWriter t = TerminalText.Writer(w);
        t.WriteLine($"{path}:{r.StartLine}-{r.EndLine}: {r.Title}");
        WriteDetails(t, r);
        t.WriteLine();
    }

    /// <summary>The report's lines under its title, indented by two: kind, panic, ip, task, guilty frame, kernel,
    /// call trace, fingerprint.</summary>
    public static void WriteDetails(TextWriter w, CrashReport r)
    {
        TextWriter t = TerminalText.Writer(w);
        t.WriteLine($"  kind        {CrashReportJson.KindName(r.Kind)}{(r.Corrupted ? $"  (corrupted: {r.CorruptedReason})" : "")}");
        t.WriteLine($"  panicked    {(r.Panicked ? "yes" + (r.PanicReason is null ? "" : $": {r.PanicReason}") : "no")}");
        if (r.Ip is { } ip)
        {
            string where = ip.Function is null ? "?" : $"{ip.Function}+0x{ip.Offset ?? 0:x}/0x{ip.Size ?? 0:x}";
            t.WriteLine($"  ip          {where}{(ip.Module is null ? "" : $" [{ip.Module}]")}{(ip.Address is null ? "" : $" ({ip.Address})")}");
        }
        if (r.Task is { } task)
        {
            t.WriteLine($"  task        cpu {task.Cpu?.ToString(CultureInfo.InvariantCulture) ?? "?"} pid {task.Pid?.ToString(CultureInfo.InvariantCulture) ?? "?"} comm {task.Comm ?? "?"}");
        }
        if (r.GuiltyFrame is { } guilty)
        {
            t.WriteLine($"  guilty      {guilty}");
        }
        if (r.Kernel.Release is not null || r.Kernel.Tainted is not null)
        {
            t.WriteLine($"  kernel      {r.Kernel.Release ?? "?"}{(r.Kernel.Tainted is null ? "" : $" tainted {r.Kernel.Tainted}")}");
        }
        if (!r.Frames.IsEmpty)
        {
            t.WriteLine("  call trace");
            foreach (StackFrame f in r.Frames.Take(TopFrames))
            {
                t.WriteLine($"    {(f.Reliable ? "" : "? ")}{f.Function}{(f.Module is null ? "" : $" [{f.Module}]")}");
            }
            if (r.Frames.Length > TopFrames)
            {
                t.WriteLine($"    … {r.Frames.Length - TopFrames} more");
            }
        }
        t.WriteLine($"  fingerprint {r.Fingerprint}");
    }
}
