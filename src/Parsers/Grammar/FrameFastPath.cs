using static SolWatch.Parsers.Grammar.FastScan;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// Reads the frame shape nine call-trace lines in ten have — <c>[&lt;addr&gt;] ? name+0xoff/0xsize [module]</c>,
/// every part but the name and offset optional — without <see cref="FrameGrammar"/> (see <see cref="FastPathOutcome"/>).
/// </summary>
internal static class FrameFastPath
{
    public static FastPathOutcome TryRead(string text, out ParsedFrame frame)
    {
        frame = default;
        ReadOnlySpan<char> s = text;
        int i = SkipBlanks(s, 0);

        // Leading "[<ffffffff81234567>]" / "[c000000000123456]" addresses, each followed by blanks.
        while (i < s.Length && s[i] == '[')
        {
            int j = i + 1;
            bool angled = j < s.Length && s[j] == '<';
            if (angled)
            {
                j++;
            }
            int digits = HexRun(s, j);
            if (digits == 0)
            {
                return FastPathOutcome.Unsure;
            }
            j += digits;
            if (angled)
            {
                if (j >= s.Length || s[j] != '>')
                {
                    return FastPathOutcome.Unsure;
                }
                j++;
            }
            if (j >= s.Length || s[j] != ']')
            {
                return FastPathOutcome.Unsure;
            }
            i = SkipBlanks(s, j + 1);
        }

        bool reliable = true;
        if (i + 1 < s.Length && s[i] == '?' && IsBlank(s[i + 1]))
        {
            reliable = false;
            i = SkipBlanks(s, i + 1);
        }

        if (!TryReadSymbolWithOffset(s, ref i, out SymbolReference symbol))
        {
            return FastPathOutcome.Unsure;
        }
        frame = new ParsedFrame(symbol, reliable);
        return FastPathOutcome.Read;
    }
}
