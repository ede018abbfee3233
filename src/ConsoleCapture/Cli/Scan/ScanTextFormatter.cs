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
        t.Write(path);
        t.Write(':');
        WriteNumber(t, r.StartLine);
        t.Write('-');
        WriteNumber(t, r.EndLine);
        t.Write(": ");
        t.WriteLine(r.Title);
        WriteDetails(t, r);
        t.WriteLine();
    }

    /// <summary>The report's lines under its title, indented by two: kind, panic, ip, task, guilty frame, kernel,
    /// call trace, fingerprint.</summary>
    /// <remarks>Written piece by piece rather than as interpolated lines: a scan of a crash-dense log prints thousands
    /// of reports, and the formatted strings were a tenth of everything it allocated (numbers are formatted into a
    /// stack buffer).</remarks>
    public static void WriteDetails(TextWriter w, CrashReport r)
    {
        TextWriter t = TerminalText.Writer(w);
        t.Write("  kind        ");
        t.Write(CrashReportJson.KindName(r.Kind));
        if (r.Corrupted)
        {
            t.Write("  (corrupted: ");
            t.Write(r.CorruptedReason);
            t.Write(')');
        }
        t.WriteLine();
        t.Write("  panicked    ");
        if (r.Panicked)
        {
            t.Write("yes");
            if (r.PanicReason is not null)
            {
                t.Write(": ");
                t.Write(r.PanicReason);
            }
        }
        else
        {
            t.Write("no");
        }
        t.WriteLine();
        if (r.Ip is { } ip)
        {
            t.Write("  ip          ");
            if (ip.Function is null)
            {
                t.Write('?');
            }
            else
            {
                t.Write(ip.Function);
                t.Write("+0x");
                WriteNumber(t, ip.Offset ?? 0, "x");
                t.Write("/0x");
                WriteNumber(t, ip.Size ?? 0, "x");
            }
            if (ip.Module is not null)
            {
                t.Write(" [");
                t.Write(ip.Module);
                t.Write(']');
            }
            if (ip.Address is not null)
            {
                t.Write(" (");
                t.Write(ip.Address);
                t.Write(')');
            }
            t.WriteLine();
        }
        if (r.Task is { } task)
        {
            t.Write("  task        cpu ");
            WriteNumberOrUnknown(t, task.Cpu);
            t.Write(" pid ");
            WriteNumberOrUnknown(t, task.Pid);
            t.Write(" comm ");
            t.WriteLine(task.Comm ?? "?");
        }
        if (r.GuiltyFrame is { } guilty)
        {
            t.Write("  guilty      ");
            t.WriteLine(guilty);
        }
        if (r.Kernel.Release is not null || r.Kernel.Tainted is not null)
        {
            t.Write("  kernel      ");
            t.Write(r.Kernel.Release ?? "?");
            if (r.Kernel.Tainted is not null)
            {
                t.Write(" tainted ");
                t.Write(r.Kernel.Tainted);
            }
            t.WriteLine();
        }
        if (!r.Frames.IsEmpty)
        {
            t.WriteLine("  call trace");
            int shown = Math.Min(r.Frames.Length, TopFrames);
            for (int i = 0; i < shown; i++)
            {
                StackFrame f = r.Frames[i];
                t.Write(f.Reliable ? "    " : "    ? ");
                t.Write(f.Function);
                if (f.Module is not null)
                {
                    t.Write(" [");
                    t.Write(f.Module);
                    t.Write(']');
                }
                t.WriteLine();
            }
            if (r.Frames.Length > TopFrames)
            {
                t.Write("    … ");
                WriteNumber(t, r.Frames.Length - TopFrames);
                t.WriteLine(" more");
            }
        }
        t.Write("  fingerprint ");
        t.WriteLine(r.Fingerprint);
    }

    private static void WriteNumberOrUnknown(TextWriter t, int? n)
    {
        if (n is { } value)
        {
            WriteNumber(t, value);
        }
        else
        {
            t.Write('?');
        }
    }

    private static void WriteNumber(TextWriter t, long n, string format = "")
    {
        Span<char> digits = stackalloc char[20];
        bool formatted = n.TryFormat(digits, out int length, format, CultureInfo.InvariantCulture);
        System.Diagnostics.Debug.Assert(formatted, "a long fits in 20 characters");
        t.Write(digits[..length]);
    }
}
