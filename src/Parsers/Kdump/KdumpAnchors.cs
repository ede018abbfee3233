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

    private static readonly SearchValues<string>[] Sets = [SearchValues.Create(Anchors, StringComparison.Ordinal)];

    /// <summary>True when <paramref name="text"/> may matter to kdump.</summary>
    public static bool MayMatter(ReadOnlySpan<char> text)
    {
        foreach (SearchValues<string> set in Sets)
        {
            if (text.ContainsAny(set))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Flags the lines of <paramref name="text"/> (line i from starts[i] to the '\n' before starts[i + 1]) that
    /// hold an anchor. No anchor holds a '\n', so no find spans two lines.</summary>
    public static void Flag(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, Span<bool> flags)
    {
        foreach (SearchValues<string> set in Sets)
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
                flags[line] = true;
                position = starts[line + 1];
            }
        }
    }
}
