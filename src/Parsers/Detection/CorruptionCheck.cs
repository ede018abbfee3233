using SolWatch.Parsers.Detection.Rules;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// Is a report too damaged to trust its title? Interleaved output puts timestamps into the header; a cut report
/// has a "Call Trace:" with no frame after it, or no trace at all where the kind of report always prints one.
/// </summary>
internal static class CorruptionCheck
{
    private const int FrameSearchWindow = 15;

    public static string? Check(CrashRule rule, string title, ReportView view)
    {
        if (HasTimestamp(title))
        {
            return "a timestamp inside the title: lines were interleaved";
        }
        if (rule.NoStackTrace)
        {
            return null;
        }
        // arm's unwinder prints "[<c0012345>] (callee) from [<c0023456>] (caller+0x1c/0x40)" frames with no heading at all.
        bool anyTrace = view.FindIndex(LineFacts.MentionsTrace, t => t.Contains("Call Trace", StringComparison.Ordinal) || t.Contains("Call trace", StringComparison.Ordinal)
            || t.Contains("backtrace", StringComparison.Ordinal)) >= 0
            || view.Any(t => t.Contains(") from [<", StringComparison.Ordinal));
        if (!anyTrace)
        {
            // Looked for only here: every line is searched for it, and a report with a trace keyword does not need it.
            int riscvStackStart = view.FindIndex(ReportLineKinds.IsRiscvRegistersEnd);
            if (riscvStackStart < 0)
            {
                return "no stack trace in the report";
            }
            // Where "Call Trace:" follows too (panic_on_warn's panic() dumps the stack itself), that keyword's frames count.
            if (!FrameFollows(view, riscvStackStart))
            {
                return "no frames in a stack trace";
            }
        }
        foreach (LineTest keyword in Keywords)
        {
            int at = view.FindIndex(LineFacts.MentionsTrace, keyword);
            if (at < 0)
            {
                continue;
            }
            // The keyword and at least two lines after it (the kernel community's rule, with the report's last newline).
            if (view.Count - at < 3)
            {
                return "the call trace is cut off";
            }
            if (!FrameFollows(view, at))
            {
                return "no frames in a stack trace";
            }
        }
        return null;
    }

    /// <summary>A frame within the window after line <paramref name="at"/>, before the next stack keyword.</summary>
    private static bool FrameFollows(ReportView view, int at)
    {
        for (int i = at + 1; i < view.Count && i <= at + FrameSearchWindow; i++)
        {
            if (i > at + 1 && view.Has(i, LineFacts.StackKeyword))
            {
                return false;
            }
            // arm prints "(callee) from [<…>] (caller+0x1c/0x40)" (5.19+: "callee from caller+0x1c/0x40"): the callee has
            // no offset of its own; decode_stacktrace.sh output names the source line instead of the offset.
            if (view[i].Contains("(stack is not available)", StringComparison.Ordinal) || IsOopsSummary(view[i])
                || (view.TryFrame(i, out Grammar.ParsedFrame f) && (f.Symbol.Offset is not null || Grammar.FrameGrammar.ArmCaller(view[i]) is not null
                                                                     || view[i].TrimEnd().EndsWith(')'))))
            {
                return true;
            }
        }
        return false;
    }

    // x86's die() ends with an "executive summary in case the oops scrolled away": x86_64 before 2.6.25 printk("RIP ") and
    // printk_address() ("RIP  [<ffffffff802ce943>] shrink_dcache_for_umount_subtree+0x1a3/0x2a7"), i386 "EIP: [<%08lx>] "
    // and the symbol before " SS:ESP". It names the faulting function like a frame (syzkaller's frame patterns match it), so
    // a trace keyword ("Leftover inexact backtrace:") followed only by "Code:" and this line still has a frame after it.
    private static bool IsOopsSummary(ReadOnlySpan<char> line)
    {
        ReadOnlySpan<char> t = line.TrimStart();
        if (!t.StartsWith("RIP  [<", StringComparison.Ordinal) && !t.StartsWith("EIP: [<", StringComparison.Ordinal))
        {
            return false;
        }
        return ReportLineKinds.TryFrame(t[4..], out Grammar.ParsedFrame f) && f.Symbol.Offset is not null;
    }

    private static readonly LineTest[] Keywords =
    [
        t => t.Contains("Call Trace", StringComparison.Ordinal) || t.Contains("Call trace:", StringComparison.Ordinal),
        t => t.StartsWith("Allocated:", StringComparison.Ordinal) || t.Contains("Allocated by task", StringComparison.Ordinal),
        t => t.StartsWith("Freed:", StringComparison.Ordinal) || t.Contains("Freed by task", StringComparison.Ordinal),
        t => t.Contains(" backtrace:", StringComparison.Ordinal) && !t.Contains("stack backtrace:", StringComparison.Ordinal),
    ];

    private static bool HasTimestamp(string title)
    {
        int open = title.IndexOf('[', StringComparison.Ordinal);
        while (open >= 0)
        {
            int i = open + 1;
            while (i < title.Length && title[i] == ' ')
            {
                i++;
            }
            int d = i;
            while (i < title.Length && char.IsAsciiDigit(title[i]))
            {
                i++;
            }
            if (i > d && i < title.Length && title[i] == '.')
            {
                return true;
            }
            open = title.IndexOf('[', open + 1);
        }
        return false;
    }
}
