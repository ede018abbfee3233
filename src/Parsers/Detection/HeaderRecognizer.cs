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

    // The anchors in sets of at most fifteen, searched one after the other. Why not one search: .NET's multi-string
    // search (Teddy) sorts its patterns into eight buckets, and past about sixteen patterns the buckets crowd: more
    // positions look like candidates and each is compared with more patterns. Measured line by line on the benchmark's
    // crash-dense input: one search over the 29 anchors 19 ms per 15 MB, two over 15 and 14 13-14 ms. The batch
    // pre-scan (BatchPreScan) searches with the same sets.
    internal static readonly SearchValues<string>[] MarkerSets =
    [
        .. SearchAnchors.Cover(RuleCatalog.Markers, PreferredAnchors).Chunk(15)
            .Select(anchors => SearchValues.Create(anchors, StringComparison.Ordinal)),
    ];

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
            if (at < 0 || (group.AtLineStart && at != 0) || IsIgnored(group, text))
            {
                continue;
            }
            string header = group.HeaderFromLineStart ? text : text[at..];
            bool kernelish = line.HasKernelPrefix || at == 0;
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
