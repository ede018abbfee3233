namespace SolWatch.Parsers.Lines;

/// <summary>
/// The facility and level names util-linux <c>dmesg -x</c> / <c>--decode</c> puts first on each record
/// (sys-utils/dmesg.c print_record: <c>"%-6s:%-6s: "</c> of facility_names and level_names): <c>kern  :warn  : </c>,
/// <c>kern  :emerg : </c>, <c>user  :notice: </c>, <c>daemon:info  : </c>. The time (or nothing, with <c>-t</c>) follows.
/// </summary>
internal static class DmesgDecode
{
    // dmesg's longest names: facility "authpriv", level "notice" ("%-6s" pads, never cuts).
    private const int MaxName = 8;

    /// <summary>Index just past the prefix at the start of <paramref name="s"/>, or -1; <paramref name="kernel"/> says the
    /// record is the kernel's (facility <c>kern</c>).</summary>
    public static int End(ReadOnlySpan<char> s, out bool kernel)
    {
        kernel = false;
        int facility = Name(s, 0);
        if (facility < 0)
        {
            return -1;
        }
        int level = Name(s, facility + 1);
        if (level < 0 || level + 1 >= s.Length || s[level + 1] != ' ' || !IsLevel(s[(facility + 1)..level].TrimEnd(' ')))
        {
            return -1;
        }
        kernel = s.StartsWith("kern ") || s.StartsWith("kern:");
        return level + 2;
    }

    // dmesg.c level_names: the syslog levels' names, which no kernel message's first words are.
    private static bool IsLevel(ReadOnlySpan<char> name) =>
        name is "emerg" or "alert" or "crit" or "err" or "warn" or "notice" or "info" or "debug";

    // A lowercase name padded with blanks to at least six columns, then ':'; the index of the ':', or -1.
    private static int Name(ReadOnlySpan<char> s, int i)
    {
        int j = i;
        while (j < s.Length && j - i < MaxName && (char.IsAsciiLetterLower(s[j]) || (j > i && char.IsAsciiDigit(s[j]))))
        {
            j++;
        }
        if (j == i)
        {
            return -1;
        }
        while (j < s.Length && s[j] == ' ' && j - i < 6)
        {
            j++;
        }
        return j - i >= 6 && j < s.Length && s[j] == ':' ? j : -1;
    }
}
