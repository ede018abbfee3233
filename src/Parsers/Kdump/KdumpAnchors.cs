using System.Buffers;

namespace SolWatch.Parsers.Kdump;

/// <summary>
/// The cheap first look at every line: a line that holds none of these words says nothing about kdump and leaves at once
/// (one vectorized search), so following the kdump story costs the scanner little on ordinary boot and crash text.
/// Every rule of <see cref="KdumpTracker"/> starts from one of them; a new rule needs its anchor here.
/// </summary>
internal static class KdumpAnchors
{
    private static readonly SearchValues<string> Words = SearchValues.Create(
        [
            "Linux version ", "ommand line:", "crashkernel", "Crash kernel", "kdump", "Kdump", "kexec", "crashdump",
            "purgatory", "Bye!", "vmcore", "makedumpfile", "Dump saving", "Saving dump", "adump", "Firmware-assisted",
            "panic", "Oops", "BUG", "Internal error", "protection fault", "nable to handle", "Trigger a crash",
            "Out of memory and no", "deadlocked on memory", "Rebooting in", "Restarting system", "elfcorehdr",
            "Crash recovery kernel", "page allocation failure", "Entering kdump emergency",
        ],
        StringComparison.Ordinal);

    /// <summary>True when <paramref name="text"/> may matter to kdump.</summary>
    public static bool MayMatter(ReadOnlySpan<char> text) => text.IndexOfAny(Words) >= 0;
}
