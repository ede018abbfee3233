using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// A powerpc stack line cut after its two addresses, and the symbol a mailer or terminal wrapped onto the next line.
/// </summary>
/// <remarks>
/// arch/powerpc/kernel/process.c show_stack() prints each frame with one printk,
/// <c>"%s[" REG "] [" REG "] %pS"</c> (stack pointer, return address, the symbol or the bare address), so a kernel line
/// never ends right after the two addresses: such a line was cut, and its symbol is the next line when that line is
/// nothing but a symbol reference (<c>futex_hash_free+0x50/0x7c</c>, perhaps with its <c>[module]</c> and the
/// <c>(unreliable)</c> mark). The cut-off piece has no printk time of its own, so a report whose header came from the
/// kernel would leave it out as user space's.
/// </remarks>
internal static class SplitPowerpcFrame
{
    /// <summary>The message is powerpc's frame prefix <c>[sp] [ip]</c> and nothing after it.</summary>
    public static bool EndsAfterAddresses(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> t = text.Trim();
        for (int address = 0; address < 2; address++)
        {
            if (address > 0)
            {
                if (t.IsEmpty || t[0] != ' ')
                {
                    return false;
                }
                t = t.TrimStart();
            }
            int close = t.IndexOf(']');
            if (t.IsEmpty || t[0] != '[' || close < 2 || !FastScan.IsHex(t[1..close]))
            {
                return false;
            }
            t = t[(close + 1)..];
        }
        return t.IsEmpty;
    }

    /// <summary>The line is only a symbol reference with its offset, as <c>%pS</c> prints it after the addresses.</summary>
    public static bool IsBareSymbol(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> t = text.Trim();
        return !t.IsEmpty && t[0] is not ('[' or '?' or '(') && ReportLineKinds.TryFrame(t, out ParsedFrame frame)
               && frame.Symbol.Offset is not null;
    }

    /// <summary>The cut line with its symbol put back after the addresses.</summary>
    public static ReportLine Rejoined(in ReportLine cut, ReadOnlySpan<char> symbol)
    {
        KernelLine line = cut.Line;
        string raw = string.Concat(line.Raw.AsSpan(0, line.TextEnd < 0 ? line.Raw.Length : line.TextEnd).TrimEnd(), " ", symbol.Trim());
        return new ReportLine(line with { Raw = raw, TextEnd = -1 });
    }
}
