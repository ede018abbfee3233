using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// An instruction-pointer line cut right after its label, and the symbol a mailer or terminal wrapped onto the next line.
/// </summary>
/// <remarks>
/// The kernel prints the symbol on the same line as the label, in one printk or in a continuation of it: x86
/// show_fault_oops() (4.10–4.16) <c>"IP: %pS"</c>, __show_regs() <c>"RIP: %04x:%pS"</c> and oops_end()'s short
/// <c>"RIP: %pS RSP: …"</c>, i386 <c>"EIP: %pS"</c>, s390 show_registers() <c>"Krnl PSW : %p %p"</c> then
/// <c>" (%pSR)"</c>. So such a line never ends at its label (or, on s390, after the PSW's two words): a line that does
/// was cut, and its symbol is the next line when that line starts with a symbol reference (<c>func+0x17f/0x2a0</c>;
/// s390's in parentheses). The piece has no printk time of its own, so a report whose header came from the kernel would
/// leave it out as user space's and read no function on its IP line.
/// <para>x86_64 before 2.6.20 prints the address before the symbol: 2.6.18's __show_regs() <c>"RIP: %04lx:[&lt;%016lx&gt;] "</c>
/// then printk_address()'s <c>" [&lt;%016lx&gt;] %s+0x%lx/0x%lx"</c>, so a wrap at a blank leaves
/// <c>RIP: 0010:[&lt;addr&gt;]  [&lt;addr&gt;]</c>; and 2.6.0–2.6.17's page-fault header ends <c>"… at %016lx RIP: "</c> before
/// printk_address()'s <c>"&lt;%016lx&gt;{%s%+ld}"</c> (address, then the symbol and a decimal offset in braces), which a wrap
/// leaves as <c>RIP:</c> and <c>&lt;ffffffff8013d834&gt;{ptrace_check_attach+36}</c>.</para>
/// </remarks>
internal static class SplitInstructionPointer
{
    /// <summary>The line is an instruction-pointer label with nothing after it: <c>IP:</c>, <c>RIP:</c>, <c>EIP:</c>,
    /// <c>RIP: 0010:</c>, or s390's <c>Krnl PSW : mask address</c>.</summary>
    public static bool EndsAtLabel(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> t = text.Trim();
        if (t is "IP:" or "RIP:" or "EIP:")
        {
            return true;
        }
        if (t.Length == 10 && (t.StartsWith("RIP: ", StringComparison.Ordinal) || t.StartsWith("EIP: ", StringComparison.Ordinal))
            && FastScan.IsHex(t[5..9]) && t[9] == ':')
        {
            return true;
        }
        if (t.Length > 12 && t.StartsWith("RIP: ", StringComparison.Ordinal) && FastScan.IsHex(t[5..9]) && t[9] == ':')
        {
            return OnlyBracketedAddresses(t[10..]);
        }
        if (!t.StartsWith("Krnl PSW :", StringComparison.Ordinal))
        {
            return false;
        }
        ReadOnlySpan<char> rest = t["Krnl PSW :".Length..].Trim();
        int blank = rest.IndexOf(' ');
        return blank == 16 && FastScan.IsHex(rest[..blank]) && rest[(blank + 1)..].TrimStart() is { Length: 16 } address && FastScan.IsHex(address);
    }

    /// <summary>The symbol <paramref name="next"/> holds for <paramref name="cut"/>, when <paramref name="cut"/> ends at
    /// its label (<see cref="EndsAtLabel"/>) and <paramref name="next"/> starts with the symbol it lacks
    /// (<see cref="StartsWithSymbol"/>); null otherwise.</summary>
    public static SymbolReference? SymbolAfterCut(ReadOnlySpan<char> cut, ReadOnlySpan<char> next) =>
        EndsAtLabel(cut) ? LeadingSymbol(next, cut.TrimStart().StartsWith("Krnl PSW", StringComparison.Ordinal)) : null;

    /// <summary>The line starts with the symbol reference the cut line lacks (<c>func+0x17f/0x2a0</c>, perhaps with its
    /// <c>[module]</c> and what the same printk prints after it), or for <paramref name="psw"/> is that reference in
    /// parentheses and nothing else.</summary>
    public static bool StartsWithSymbol(ReadOnlySpan<char> text, bool psw) => LeadingSymbol(text, psw) is not null;

    // One or two "[<hex>]" groups and blanks, nothing else: 2.6.x x86_64's "RIP: 0010:" line cut before its symbol.
    private static bool OnlyBracketedAddresses(ReadOnlySpan<char> rest)
    {
        int groups = 0;
        while (true)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty)
            {
                return groups > 0;
            }
            int close = rest.IndexOf(">]", StringComparison.Ordinal);
            if (groups == 2 || close < 3 || !rest.StartsWith("[<", StringComparison.Ordinal) || !FastScan.IsHex(rest[2..close]))
            {
                return false;
            }
            groups++;
            rest = rest[(close + 2)..];
        }
    }

    private static SymbolReference? LeadingSymbol(ReadOnlySpan<char> text, bool psw)
    {
        ReadOnlySpan<char> t = text.Trim();
        if (psw)
        {
            return t.Length > 2 && t[0] == '(' && t[^1] == ')' ? WithOffset(t[1..^1]) : null;
        }
        if (!t.IsEmpty && t[0] == '<')
        {
            return BraceFrame.TryParse(t, out SymbolReference brace) ? brace : null;
        }
        int blank = t.IndexOf(' ');
        return !t.IsEmpty && t[0] is not ('[' or '?' or '(' or '<') ? WithOffset(blank < 0 ? t : t[..blank]) : null;
    }

    private static SymbolReference? WithOffset(ReadOnlySpan<char> word) =>
        ReportLineKinds.TryFrame(word, out ParsedFrame frame) && frame.Symbol.Offset is not null ? frame.Symbol : null;

}
