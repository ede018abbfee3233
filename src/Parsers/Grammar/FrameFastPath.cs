using static SolWatch.Parsers.Grammar.FastScan;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// Reads the frame shape nine call-trace lines in ten have — <c>[&lt;addr&gt;] ? name+0xoff/0xsize [module]</c>,
/// every part but the name and offset optional — without <see cref="FrameGrammar"/>, and turns away the lines the
/// grammar would fail on at the symbol (<c>RIP: 0010:…</c>, lockdep's <c> #0: …</c>, <c>softirqs last …</c>), which
/// are as common inside a trace and cost the grammar most (see <see cref="FastPathOutcome"/>).
/// </summary>
internal static class FrameFastPath
{
    private const char EbcdicOpen = '\u00DD';  // 'Ý'
    private const char EbcdicClose = '\u00A8'; // '¨'

    public static FastPathOutcome TryRead(ReadOnlySpan<char> s, out ParsedFrame frame)
    {
        frame = default;
        // The grammar: blanks, "("?, bracketed addresses, "? "?, "("?, symbol, then "+0x…", " file.c:N [inline]" or ") from".
        int i = SkipBlanks(s, 0);
        i = SkipOpenParen(s, i);

        // Leading "[<ffffffff81234567>]" / "[c000000000123456]" addresses, each followed by blanks. An s390 console read
        // through the wrong EBCDIC code page (text in IBM-1047, where '[' and ']' are 0xAD and 0xBD, shown as IBM-037,
        // where those bytes are 'Ý' and '¨') brackets the address as "Ý<…>¨": the same frame.
        while (i < s.Length && (s[i] == '[' || (s[i] == EbcdicOpen && i + 1 < s.Length && s[i + 1] == '<')))
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
            if (j >= s.Length || (s[j] != ']' && s[j] != EbcdicClose))
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
        i = SkipOpenParen(s, i);

        int nameEnd = i + SymbolRun(s, i);
        if (nameEnd == i)
        {
            return FastPathOutcome.NotThisFamily; // no symbol where the grammar needs one
        }
        if (nameEnd == s.Length)
        {
            return FastPathOutcome.NotThisFamily;
        }
        switch (s[nameEnd])
        {
            case '+':
                if (TryReadSymbolWithOffset(s, ref i, nameEnd, out SymbolReference symbol))
                {
                    frame = new ParsedFrame(symbol, reliable);
                    return FastPathOutcome.Read;
                }
                return FastPathOutcome.Unsure;
            case ' ' or '\t' when IsInlinedTail(s, nameEnd):
            case ')' when IsArmCalleeTail(s, nameEnd):
            case ' ' when IsArmBareCalleeTail(s, nameEnd) || IsDecodedTail(s, nameEnd, out bool more) && !more:
                // Both name a function without offset, size or module.
                frame = new ParsedFrame(new SymbolReference(s[i..nameEnd].ToString(), null, null, null), reliable);
                return FastPathOutcome.Read;
            case ' ' when IsDecodedTail(s, nameEnd, out _):
                // A decoded location followed by more text (6.14+'s " (T)" marker after the location): the grammar's.
                return FastPathOutcome.Unsure;
            default:
                return FastPathOutcome.NotThisFamily; // "RIP:", "name(", "name{": none of the three tails can follow
        }
    }

    private static int SkipOpenParen(ReadOnlySpan<char> s, int i) => i < s.Length && s[i] == '(' ? i + 1 : i;

    // " lib/file.c:77 [inline]": a frame inlined into the next one (symbolized reports).
    private static bool IsInlinedTail(ReadOnlySpan<char> s, int i)
    {
        i = SkipBlanks(s, i);
        int start = i;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '_' or '-' or '.' or '/' or '+'))
        {
            i++;
        }
        if (i == start || i >= s.Length || s[i] != ':')
        {
            return false;
        }
        int digits = DigitRun(s, i + 1);
        if (digits == 0)
        {
            return false;
        }
        int afterDigits = i + 1 + digits;
        int tag = SkipBlanks(s, afterDigits);
        return tag > afterDigits && s[tag..].StartsWith("[inline]", StringComparison.Ordinal);
    }

    // " (lib/file.c:107)": scripts/decode_stacktrace.sh's replacement of the offset, one location per inlining level joined
    // with spaces ("(./include/linux/jump_label.h:261 init/main.c:1296)"), as FrameGrammar's Decoded reads it.
    // more: text other than blanks follows the closing parenthesis.
    private static bool IsDecodedTail(ReadOnlySpan<char> s, int i, out bool more)
    {
        more = false;
        if (!s[i..].StartsWith(" (", StringComparison.Ordinal))
        {
            return false;
        }
        int close = s[i..].IndexOf(')');
        if (close < 2)
        {
            return false;
        }
        more = !s[(i + close + 1)..].IsWhiteSpace();
        ReadOnlySpan<char> inside = s.Slice(i + 2, close - 2);
        foreach (Range location in inside.Split(' '))
        {
            if (!IsFileAndLine(inside[location]))
            {
                return false;
            }
        }
        return true;
    }

    // "lib/file.c:107": a path with a file name extension, ':', the line number.
    private static bool IsFileAndLine(ReadOnlySpan<char> t)
    {
        int colon = t.IndexOf(':');
        if (colon <= 1 || t[1..colon].IndexOf('.') < 0 || colon == t.Length - 1 || DigitRun(t, colon + 1) != t.Length - colon - 1)
        {
            return false;
        }
        foreach (char c in t[..colon])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '+'))
            {
                return false;
            }
        }
        return true;
    }

    // " from caller+0x…": arm's callee since 5.19, without parentheses or addresses.
    private static bool IsArmBareCalleeTail(ReadOnlySpan<char> s, int i) =>
        s[i..].StartsWith(" from ", StringComparison.Ordinal) && FrameGrammar.ArmCaller(s) is not null;

    // ") from": arm's callee, printed without an offset.
    private static bool IsArmCalleeTail(ReadOnlySpan<char> s, int i)
    {
        int from = SkipBlanks(s, i + 1);
        return from > i + 1 && s[from..].StartsWith("from", StringComparison.Ordinal);
    }
}
