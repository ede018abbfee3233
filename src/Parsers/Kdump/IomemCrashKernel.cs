using System.Globalization;

namespace SolWatch.Parsers.Kdump;

/// <summary>
/// The crash kernel's reservation as /proc/iomem shows it, pasted on a console: <c>91000000-b0ffffff : Crash kernel</c>.
/// </summary>
/// <remarks>
/// linux kernel/crash_reserve.c (kernel/kexec_core.c before 6.9) names both reservations' resources "Crash kernel"
/// (<c>crashk_res</c> and <c>crashk_low_res</c>, <c>.name  = "Crash kernel"</c>); kernel/resource.c r_show prints each
/// resource as <c>"%*s%0*llx-%0*llx : %s\n"</c>: indented two spaces a level, start and end inclusive, and both zero
/// when the reader lacks CAP_SYS_ADMIN (such a line says nothing). Round 18: a LoongArch note's <c>cat /proc/iomem</c>.
/// </remarks>
public static class IomemCrashKernel
{
    private const string Name = " : Crash kernel";

    /// <summary>The region's size in bytes, or null when the line is no iomem "Crash kernel" line or shows no addresses.</summary>
    public static long? Size(ReadOnlySpan<char> text)
    {
        int at = text.IndexOf(Name, StringComparison.Ordinal);
        if (at < 0 || !text[(at + Name.Length)..].IsWhiteSpace())
        {
            return null;
        }
        ReadOnlySpan<char> range = text[..at].TrimStart();
        int dash = range.IndexOf('-');
        if (dash <= 0
            || !ulong.TryParse(range[..dash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong start)
            || !ulong.TryParse(range[(dash + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong end)
            || end <= start || end - start >= long.MaxValue)
        {
            return null;
        }
        return (long)(end - start) + 1;
    }
}
