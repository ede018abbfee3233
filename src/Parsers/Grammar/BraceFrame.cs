namespace SolWatch.Parsers.Grammar;

/// <summary>
/// x86_64's frame form before 2.6.18: printk_address() printed <c>"&lt;%016lx&gt;{%s%s%s%s%+ld}"</c>, the address, then in braces
/// the module between colons (for a module's symbol), the symbol and its offset in decimal, with no size:
/// <c>&lt;ffffffff8013d96a&gt;{sys_ptrace+122}</c>, <c>&lt;ffffffff880f2c90&gt;{:bttv:bttv_probe+1474}</c>. show_trace() printed two
/// or three of them a line (the first glued to <c>"Call Trace:"</c>), and __show_regs() one after <c>"RIP: 0010:[&lt;…&gt;] "</c>.
/// Kernels of that form ran in datacenters for years (SLES 9 and 10, RHEL 4).
/// </summary>
internal static class BraceFrame
{
    /// <summary>The symbol of the brace frame <paramref name="text"/> starts with (blanks before it allowed); what follows
    /// its closing brace is not looked at.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SymbolReference symbol)
    {
        symbol = default;
        ReadOnlySpan<char> t = text.TrimStart();
        int open = t.IndexOf(">{", StringComparison.Ordinal);
        if (open < 2 || t[0] != '<' || !FastScan.IsHex(t[1..open]))
        {
            return false;
        }
        ReadOnlySpan<char> inner = t[(open + 2)..];
        int close = inner.IndexOf('}');
        if (close < 0)
        {
            return false;
        }
        inner = inner[..close];
        string? module = null;
        if (inner.StartsWith(':') && inner[1..].IndexOf(':') is > 0 and var end)
        {
            module = inner[1..(end + 1)].ToString();
            inner = inner[(end + 2)..];
        }
        int sign = inner.LastIndexOfAny('+', '-');
        if (sign <= 0 || FastScan.SymbolRun(inner, 0) != sign || !long.TryParse(inner[(sign + 1)..], out long offset))
        {
            return false;
        }
        symbol = new SymbolReference(inner[..sign].ToString(), inner[sign] == '-' ? -offset : offset, null, module);
        return true;
    }
}
