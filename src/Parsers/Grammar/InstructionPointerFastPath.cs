using static SolWatch.Parsers.Grammar.FastScan;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// Reads the instruction-pointer lines of today's x86_64, i386, arm64 and riscv kernels —
/// <c>RIP: 0010:name+0xoff/0xsize [module]</c>, <c>EIP: name+…</c>, <c>pc : name+…</c>, <c>epc : name+…</c>, and a
/// user-space <c>RIP: 0033:0x47b7a0</c> —
/// without <see cref="InstructionPointerGrammar"/> (see <see cref="FastPathOutcome"/>).
/// </summary>
internal static class InstructionPointerFastPath
{
    private static readonly string[] Labels = ["RIP:", "EIP:", "pc :", "epc :"];

    public static FastPathOutcome TryRead(ReadOnlySpan<char> s, out ParsedInstructionPointer ip)
    {
        ip = default;
        int i = SkipBlanks(s, 0);
        string? label = null;
        foreach (string l in Labels)
        {
            if (s[i..].StartsWith(l, StringComparison.Ordinal))
            {
                label = l;
                break;
            }
        }
        if (label is null)
        {
            return FastPathOutcome.Unsure;
        }
        i = SkipBlanks(s, i + label.Length);
        // "0010:": the code segment selector (x86).
        if (HexRun(s, i) >= 4 && i + 4 < s.Length && s[i + 4] == ':')
        {
            i += 5;
        }
        if (IsBareAddressToTheEnd(s, i, out ReadOnlySpan<char> address))
        {
            // "RIP: 0033:0x47b7a0": user space, no symbol.
            ip = new ParsedInstructionPointer(null, address.ToString());
            return FastPathOutcome.Read;
        }
        if (!TryReadSymbolWithOffset(s, ref i, out SymbolReference symbol))
        {
            return FastPathOutcome.Unsure;
        }
        ip = new ParsedInstructionPointer(symbol, null);
        return FastPathOutcome.Read;
    }

    // "0x47b7a0" or "47b7a0" and nothing after it; the address is the digits.
    private static bool IsBareAddressToTheEnd(ReadOnlySpan<char> s, int i, out ReadOnlySpan<char> digits)
    {
        digits = default;
        if (s[i..].StartsWith("0x", StringComparison.Ordinal) && HexRun(s, i + 2) > 0)
        {
            i += 2;
        }
        int run = HexRun(s, i);
        if (run == 0 || i + run != s.Length)
        {
            return false;
        }
        digits = s.Slice(i, run);
        return true;
    }
}
