using System.Buffers;

namespace SolWatch.Parsers.Kdump;

/// <summary>
/// The cheap first look at every line: a line that holds none of these anchors says nothing about kdump and leaves at
/// once, so following the kdump story costs the scanner little on ordinary boot and crash text. Every rule of
/// <see cref="KdumpTracker"/> needs a line holding one of them (README.md lists the messages); a rule added later needs
/// its anchor here.
/// </summary>
/// <remarks>
/// Why so few and so short: .NET's multi-string search (Teddy) slows down as patterns are added (a first try with 31
/// whole phrases searched at about the scanner's own speed, doubling its time); one short anchor such as "dump" stands for
/// kdump, Kdump, crashdump, fadump, makedumpfile and "Saving dump". As in the detector (Detection/BatchPreScan), the
/// search runs over a whole framed batch at once (<see cref="Flag"/>), where its fixed cost per call is paid once per
/// read instead of once per line; a line pushed without a pre-scan is searched alone (<see cref="MayMatter"/>).
/// </remarks>
internal static class KdumpAnchors
{
    // Each anchor's first three characters are what the search really looks for: they are chosen rare in ordinary boot
    // text ("Unable to h", not "nable to handle", which starts like "enabled"; "reboot:", not "Restarting", which starts
    // like "Reserving"). Phrases that need no anchor of their own: "Internal error: Oops" (Oops), "System is deadlocked
    // on memory" (a panic line), "Executing final action" (kdump: prefix).
    private static readonly string[] Anchors =
    [
        "dump", "Dump", "kexec", "crash", "Crash ", "vmcore", "panic", "Linux version", "ommand line:", "Oops", "BUG",
        "general protection", "Unable to h", "Out of memory and", "Rebooting", "reboot:", "purgatory", "Bye!",
        "failure: order", "Could not find a",
    ];

    // Anchors common in crash text that no rule needs as such: dump_stack frames hold "dump" (about 15,500 lines of the
    // bench's crash-dense input), every report says "BUG" or "panic". Each is searched as the longer words of the rules
    // it stands for (README.md, Message formats); a rule that needs one of these anchors in another phrase adds its own
    // word (above) or a word here. "rror: " is for a tool's "Error: …"/"Fatal error: …" (ToolMessage), which the old
    // anchors let through only beside another anchor: Confirmed keeps it so.
    private static readonly Dictionary<string, string[]> Narrowed = new(StringComparer.Ordinal)
    {
        ["dump"] = ["kdump", "adump", "assisted dump", "dumpfile", "Saving dump", "crashdump", "rror: "],
        ["Dump"] = ["Kdump", "Assisted Dump", "Dump saving", "Dumping to NFS"],
        ["panic"] = ["Kernel panic"],
        ["BUG"] = ["BUG: unable to handle", "BUG: kernel NULL", "kernel BUG at"],
    };

    /// <summary>The anchors as listed (before the broad ones are narrowed).</summary>
    internal static IReadOnlyList<string> Listed => Anchors;

    /// <summary>The words searched for (every anchor, broad ones replaced by their narrower words), for a caller that
    /// folds them into its own batch search (Detection/BatchPreScan); a line holding one then goes to <see cref="Confirmed"/>.</summary>
    internal static readonly string[] Words =
        [.. Anchors.SelectMany(a => Narrowed.TryGetValue(a, out string[]? n) ? n : [a]).Distinct(StringComparer.Ordinal)];

    // In sets of at most 15 words, as the detector's markers (HeaderRecognizer.MarkerSets): a larger set is searched far
    // more slowly (measured: all 32 words in one set cost the boot-log bench +56 % against +43 % for the 20 listed).
    private static readonly SearchValues<string>[] WordSets =
        [.. Words.Chunk(15).Select(words => SearchValues.Create(words, StringComparison.Ordinal))];

    // The anchors as listed: a line goes to the rules only when it holds one of them too, so the narrower search never
    // lets through a line the rules were not shown before.
    private static readonly SearchValues<string> AnyAnchor = SearchValues.Create(Anchors, StringComparison.Ordinal);

    /// <summary>True when <paramref name="text"/> may matter to kdump.</summary>
    public static bool MayMatter(ReadOnlySpan<char> text)
    {
        foreach (SearchValues<string> set in WordSets)
        {
            if (text.ContainsAny(set))
            {
                return Confirmed(text);
            }
        }
        return false;
    }

    /// <summary>For a line in which a batch search found one of <see cref="Words"/>: whether it may matter to kdump.</summary>
    public static bool Confirmed(ReadOnlySpan<char> line) => line.ContainsAny(AnyAnchor);

    /// <summary>Flags the lines of <paramref name="text"/> (line i from starts[i] to the '\n' before starts[i + 1]) that
    /// may matter. No word holds a '\n', so no find spans two lines.</summary>
    public static void Flag(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, Span<bool> flags)
    {
        foreach (SearchValues<string> set in WordSets)
        {
            int position = 0;
            int line = 0;
            while (position < text.Length)
            {
                int found = text[position..].IndexOfAny(set);
                if (found < 0)
                {
                    break;
                }
                int at = position + found;
                while (starts[line + 1] <= at)
                {
                    line++;
                }
                flags[line] = flags[line] || Confirmed(text[starts[line]..starts[line + 1]]);
                position = starts[line + 1];
            }
        }
    }
}
