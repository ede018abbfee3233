using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>The scanner's output for a person: per crash its title, where it is, why it panicked, where the CPU was
/// and the top of the stack.</summary>
internal static class ScanTextFormatter
{
    private const int TopFrames = 8;

    public static void Write(TextWriter w, string path, CrashReport r)
    {
        w.WriteLine($"{path}:{r.StartLine}-{r.EndLine}: {r.Title}");
        w.WriteLine($"  kind        {CrashReportJson.KindName(r.Kind)}{(r.Corrupted ? $"  (corrupted: {r.CorruptedReason})" : "")}");
        w.WriteLine($"  panicked    {(r.Panicked ? "yes" + (r.PanicReason is null ? "" : $": {r.PanicReason}") : "no")}");
        if (r.Ip is { } ip)
        {
            string where = ip.Function is null ? "?" : $"{ip.Function}+0x{ip.Offset ?? 0:x}/0x{ip.Size ?? 0:x}";
            w.WriteLine($"  ip          {where}{(ip.Module is null ? "" : $" [{ip.Module}]")}{(ip.Address is null ? "" : $" ({ip.Address})")}");
        }
        if (r.Task is { } t)
        {
            w.WriteLine($"  task        cpu {t.Cpu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} pid {t.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} comm {t.Comm ?? "?"}");
        }
        if (r.Kernel.Release is not null || r.Kernel.Tainted is not null)
        {
            w.WriteLine($"  kernel      {r.Kernel.Release ?? "?"}{(r.Kernel.Tainted is null ? "" : $" tainted {r.Kernel.Tainted}")}");
        }
        if (!r.Frames.IsEmpty)
        {
            w.WriteLine("  call trace");
            foreach (StackFrame f in r.Frames.Take(TopFrames))
            {
                w.WriteLine($"    {(f.Reliable ? "" : "? ")}{f.Function}{(f.Module is null ? "" : $" [{f.Module}]")}");
            }
            if (r.Frames.Length > TopFrames)
            {
                w.WriteLine($"    … {r.Frames.Length - TopFrames} more");
            }
        }
        w.WriteLine($"  fingerprint {r.Fingerprint}");
        w.WriteLine();
    }
}
