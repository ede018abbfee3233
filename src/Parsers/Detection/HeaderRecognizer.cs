using System.Buffers;
using SolWatch.Parsers.Detection.Rules;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// Decides whether a line starts a crash report. A vectorized multi-string search (SearchValues) over the raw line
/// rejects ordinary lines at memory speed; only lines holding a marker reach the grammar of their rule group.
/// </summary>
internal static class HeaderRecognizer
{
    // Anchors that stand for several markers each (see SearchAnchors); markers they miss are searched for as they are.
    private static readonly string[] PreferredAnchors =
    [
        "BUG", "Unable to handle", "general protection", "divide", "Watchdog ", "Oops", "Machine ", "VFS: ", "SYZFA",
    ];

    /// <summary>The anchors searched for (every marker holds one): for <see cref="MarkerSets"/>, and for a caller that folds
    /// them into a search of its own (Search/FusedWordSearch, through BatchPreScan).</summary>
    internal static readonly string[] MarkerAnchors = SearchAnchors.Cover(RuleCatalog.Markers, PreferredAnchors);

    // The anchors in even sets of at most sixteen (SearchAnchors.InSets says why), searched one after the other. Measured line
    // by line on the benchmark's crash-dense input: one search over the 29 anchors 19 ms per 15 MB, two over 15 and 14
    // 13-14 ms. The batch pre-scan (BatchPreScan) searches with the same sets.
    internal static readonly SearchValues<string>[] MarkerSets = SearchAnchors.InSets(MarkerAnchors);

    /// <summary>Cheap test on the raw line: could it be a crash header? True for every line holding a marker.</summary>
    public static bool MayBeHeader(ReadOnlySpan<char> raw)
    {
        foreach (SearchValues<string> markers in MarkerSets)
        {
            if (raw.ContainsAny(markers))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Full test on a line that passed <see cref="MayBeHeader"/>.</summary>
    public static HeaderMatch? Recognize(in KernelLine line)
    {
        string text = line.Text;
        // A candidate line is compared with every group's marker: the masks rule out nearly all of them without a search.
        ulong present = CharMask.Of(text);
        foreach (RuleGroup group in RuleCatalog.Groups)
        {
            if (!CharMask.MayHold(present, group.MarkerMask))
            {
                continue;
            }
            int at = text.IndexOf(group.Marker, StringComparison.Ordinal);
            if (at < 0 || (group.AtLineStart && at != 0) || IsIgnored(group, text) || InAlsaDebugMessage(text, at) || InFormatString(text, at))
            {
                continue;
            }
            string header = group.HeaderFromLineStart ? text : text[at..];
            bool kernelish = IsKernels(line, at);
            for (int r = 0; r < group.Rules.Length; r++)
            {
                CrashRule rule = group.Rules[r];
                if (rule.KernelLineOnly && !kernelish)
                {
                    continue;
                }
                if (rule.Header.Match(header) is { } captures)
                {
                    return new HeaderMatch(group, line, header, r, captures);
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Whether a header whose marker starts at <paramref name="at"/> of <paramref name="line"/>'s message (-1: not there)
    /// is the kernel's, for the rules that take only the kernel's lines (<see cref="CrashRule.KernelLineOnly"/>): the line
    /// came from the kernel (printk time, syslog tag), or the header opens its message, or only a shell prompt the
    /// console's output interrupted stands before it (<see cref="ShellPrompt"/>).
    /// </summary>
    internal static bool IsKernels(in KernelLine line, int at) =>
        line.HasKernelPrefix || at == 0 || (at > 0 && ShellPrompt.EndsAt(line.TextSpan, at));

    /// <summary>
    /// Whether the marker at <paramref name="at"/> is inside a message of ALSA's verbose printk, which opens with the
    /// caller's source location (sound/core/misc.c: <c>printk("ALSA %s:%d: ", file, line)</c>): the driver's own words
    /// ("ALSA sound/core/pcm_lib.c:181: BUG: pcmC0D0p:0, pos = …", an xrun debug line), never a kernel crash report.
    /// </summary>
    internal static bool InAlsaDebugMessage(string text, int at)
    {
        const string lead = "ALSA ";
        if (!text.StartsWith(lead, StringComparison.Ordinal))
        {
            return false;
        }
        int end = text.IndexOf(": ", lead.Length, StringComparison.Ordinal);
        if (end < 0 || end >= at)
        {
            return false;
        }
        // "FILE:LINE" with no blank in it: the location, then the line number's digits.
        ReadOnlySpan<char> location = text.AsSpan(lead.Length, end - lead.Length);
        int colon = location.LastIndexOf(':');
        return colon > 0 && colon < location.Length - 1 && !location.Contains(' ') && location[(colon + 1)..].IndexOfAnyExceptInRange('0', '9') < 0;
    }

    /// <summary>
    /// Whether the marker at <paramref name="at"/> opens a C string literal that still holds printf conversions: a line of
    /// kernel source quoted in a mail, a blog or a patch (<c>printk(KERN_ERR "BUG: soft lockup - CPU#%d stuck for %lus!
    /// [%s:%d]\n",</c>, kernel/softlockup.c; <c>printk("BUG: warning at %s:%d/%s()\n", …)</c>, asm-generic/bug.h). What the
    /// kernel prints has every conversion replaced by its value, and no report header of it opens with a double quote.
    /// </summary>
    internal static bool InFormatString(string text, int at)
    {
        if (at == 0 || text[at - 1] != '"')
        {
            return false;
        }
        ReadOnlySpan<char> literal = text.AsSpan(at);
        int close = literal.IndexOf('"');
        if (close >= 0)
        {
            literal = literal[..close];
        }
        for (int pct = 0; pct < literal.Length - 1; pct++)
        {
            if (literal[pct] != '%')
            {
                continue;
            }
            // "%d", "%lus", "%08lx", "%pS", "%*pbl": flags, width and length modifiers, then the conversion letter.
            int c = pct + 1;
            while (c < literal.Length && (char.IsAsciiDigit(literal[c]) || literal[c] is '-' or '*' or '.' or '#' or 'l' or 'h' or 'z'))
            {
                c++;
            }
            if (c < literal.Length && literal[c] is 'd' or 'i' or 'u' or 'x' or 'X' or 's' or 'p' or 'c')
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsIgnored(RuleGroup group, string text)
    {
        foreach (string ignore in group.Ignores)
        {
            if (text.Contains(ignore, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
