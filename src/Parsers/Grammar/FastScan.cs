using System.Globalization;

namespace SolWatch.Parsers.Grammar;

/// <summary>The tokens of <see cref="Lexemes"/>, read by hand over a span for the fast paths.</summary>
internal static class FastScan
{
    // Character classes of the ASCII range, one byte per character: the runs read here are a few characters to a few
    // dozen long, where a table lookup per character beats a vectorized search's setup.
    private const byte Hex = 1;
    private const byte Symbol = 2;
    private static readonly byte[] Classes = MakeClasses();

    public static bool IsBlank(char c) => c is ' ' or '\t';

    public static int SkipBlanks(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsBlank(s[i]))
        {
            i++;
        }
        return i;
    }

    public static int HexRun(ReadOnlySpan<char> s, int i) => Run(s, i, Hex);

    /// <summary>Whether <paramref name="s"/> is one or more hex digits and nothing else.</summary>
    public static bool IsHex(ReadOnlySpan<char> s) => !s.IsEmpty && HexRun(s, 0) == s.Length;

    /// <summary>Length of the symbol name (<see cref="Lexemes.SymbolName"/>) at <paramref name="i"/>.</summary>
    public static int SymbolRun(ReadOnlySpan<char> s, int i) => Run(s, i, Symbol);

    private static int Run(ReadOnlySpan<char> s, int i, byte kind)
    {
        int start = i;
        byte[] classes = Classes;
        while ((uint)i < (uint)s.Length && s[i] < 128 && (classes[s[i]] & kind) != 0)
        {
            i++;
        }
        return i - start;
    }

    private static byte[] MakeClasses()
    {
        byte[] classes = new byte[128];
        foreach (char c in "0123456789abcdefABCDEF")
        {
            classes[c] |= Hex;
        }
        foreach (char c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$")
        {
            classes[c] |= Symbol;
        }
        return classes;
    }

    public static int DigitRun(ReadOnlySpan<char> s, int i)
    {
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        return i - start;
    }

    /// <summary>As <see cref="Lexemes.ParseHex"/> on hex digits — up to 16 significant digits taken as the 64-bit
    /// pattern, like <c>long.TryParse</c> with <c>AllowHexSpecifier</c>; -1 when longer — without the general number
    /// parser: this runs twice for every frame of every report.</summary>
    public static long ParseHex(ReadOnlySpan<char> digits)
    {
        int start = 0;
        while (start < digits.Length - 1 && digits[start] == '0')
        {
            start++;
        }
        ReadOnlySpan<char> significant = digits[start..];
        if (significant.Length > 16)
        {
            return -1;
        }
        ulong value = 0;
        foreach (char c in significant)
        {
            value = (value << 4) | (uint)HexValue(c);
        }
        return unchecked((long)value);
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>As <see cref="Lexemes.DecimalNumber"/>: -1 when the number does not fit.</summary>
    public static int ParseDecimal(ReadOnlySpan<char> digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : -1;

    /// <summary>
    /// Reads <c>name+0xoff/0xsize</c> and an optional <c> [module]</c> at <paramref name="i"/>, where the grammar's
    /// <c>SymbolName OffsetSize OptionalModule</c> would. False when the text there is not exactly that shape (the
    /// caller then defers to the grammar). On success <paramref name="i"/> is just past what was read.
    /// </summary>
    public static bool TryReadSymbolWithOffset(ReadOnlySpan<char> s, ref int i, out SymbolReference symbol) =>
        TryReadSymbolWithOffset(s, ref i, i + SymbolRun(s, i), out symbol);

    /// <summary><see cref="TryReadSymbolWithOffset(ReadOnlySpan{char}, ref int, out SymbolReference)"/> for a caller
    /// that has already found where the name ends (<paramref name="nameEnd"/>).</summary>
    public static bool TryReadSymbolWithOffset(ReadOnlySpan<char> s, ref int i, int nameEnd, out SymbolReference symbol)
    {
        symbol = default;
        int nameStart = i;
        int at = nameEnd;
        if (nameEnd == nameStart || !s[at..].StartsWith("+0x", StringComparison.Ordinal))
        {
            return false;
        }
        at += 3;
        int offsetDigits = HexRun(s, at);
        if (offsetDigits == 0 || at + offsetDigits >= s.Length || s[at + offsetDigits] != '/')
        {
            return false;
        }
        ReadOnlySpan<char> offset = s.Slice(at, offsetDigits);
        at += offsetDigits + 1;
        if (s[at..].StartsWith("0x", StringComparison.Ordinal))
        {
            at += 2;
        }
        int sizeDigits = HexRun(s, at);
        if (sizeDigits == 0)
        {
            return false;
        }
        ReadOnlySpan<char> size = s.Slice(at, sizeDigits);
        at += sizeDigits;
        if (at < s.Length && !IsBlank(s[at]))
        {
            return false; // ")", "[mod]" glued on, or more after the size: the grammar's business.
        }

        string? module = null;
        int afterBlanks = SkipBlanks(s, at);
        if (afterBlanks < s.Length && s[afterBlanks] == '[')
        {
            int wordEnd = afterBlanks + 1;
            while (wordEnd < s.Length && s[wordEnd] is not (']' or ' '))
            {
                wordEnd++;
            }
            if (wordEnd == afterBlanks + 1 || s[wordEnd..].IndexOf(']') < 0)
            {
                return false;
            }
            module = s[(afterBlanks + 1)..wordEnd].ToString();
            at = afterBlanks + 1 + s[(afterBlanks + 1)..].IndexOf(']') + 1;
        }

        symbol = new SymbolReference(s[nameStart..nameEnd].ToString(), ParseHex(offset), ParseHex(size), module);
        i = at;
        return true;
    }
}
