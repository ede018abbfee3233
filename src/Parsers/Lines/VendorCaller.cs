namespace SolWatch.Parsers.Lines;

/// <summary>
/// Caller tags some vendor kernels print after the printk time instead of CONFIG_PRINTK_CALLER's <c>[T123]</c>:
/// HiSilicon/CIX <c>[pid:10974,cpu1,grep]</c> and MediaTek <c>(2)[123:kworker/2:1]</c>. Both name the task, which keeps
/// interleaved reports apart like a task caller id does.
/// </summary>
internal static class VendorCaller
{
    /// <summary>Index just past the tag (and one space) at <paramref name="i"/>, or <paramref name="i"/>; the caller as <c>T&lt;pid&gt;</c>.</summary>
    public static int Skip(ReadOnlySpan<char> s, int i, out string? caller)
    {
        caller = null;
        if (i < s.Length && s[i] == '[' && s[(i + 1)..].StartsWith("pid:"))
        {
            // [pid:10974,cpu1,grep]
            int j = i + 5;
            int pid = j;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }
            int close = s[j..].IndexOf(']');
            if (j > pid && j < s.Length && s[j] == ',' && close > 0 && close < 40)
            {
                caller = "T" + s[pid..j].ToString();
                return SkipSpace(s, j + close + 1);
            }
            return i;
        }
        if (i < s.Length && s[i] == '(')
        {
            // (2)[123:kworker/2:1]
            int j = i + 1;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }
            if (j == i + 1 || j + 1 >= s.Length || s[j] != ')' || s[j + 1] != '[')
            {
                return i;
            }
            int pid = j + 2, k = pid;
            while (k < s.Length && char.IsAsciiDigit(s[k]))
            {
                k++;
            }
            int close = s[k..].IndexOf(']');
            if (k > pid && k < s.Length && s[k] == ':' && close > 0 && close < 40)
            {
                caller = "T" + s[pid..k].ToString();
                return SkipSpace(s, k + close + 1);
            }
        }
        return i;
    }

    private static int SkipSpace(ReadOnlySpan<char> s, int i) => i < s.Length && s[i] == ' ' ? i + 1 : i;
}
