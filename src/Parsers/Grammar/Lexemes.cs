using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace SolWatch.Parsers.Grammar;

/// <summary>The small tokens every kernel line family is made of. Built once; shared by the grammars.</summary>
internal static class Lexemes
{
    /// <summary>Spaces and tabs (never a line end: lines are framed before they get here).</summary>
    public static readonly Parser<char, Unit> Spaces = Token(c => c is ' ' or '\t').SkipMany();

    /// <summary>At least one space or tab.</summary>
    public static readonly Parser<char, Unit> Space1 = Token(c => c is ' ' or '\t').SkipAtLeastOnce();

    /// <summary>Hex digits, without a prefix.</summary>
    public static readonly Parser<char, string> Hex = Token(char.IsAsciiHexDigit).AtLeastOnceString().Labelled("hex number");

    /// <summary>A hex number with an optional <c>0x</c>.</summary>
    public static readonly Parser<char, string> HexWithPrefix =
        Try(String("0x")).Optional().Then(Hex).Labelled("hex number");

    /// <summary>Decimal digits.</summary>
    public static readonly Parser<char, int> DecimalNumber = Token(char.IsAsciiDigit).AtLeastOnceString()
        .Select(s => int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : -1)
        .Labelled("decimal number");

    /// <summary>
    /// A code address as printed in front of a symbol: <c>[&lt;ffffffff81234567&gt;]</c> (x86, riscv, arm),
    /// <c>[c000000000123456]</c> (powerpc), <c>[&lt;  (null)&gt;]</c>, and the placeholder of a hashed <c>%p</c> printed
    /// before the hashing key was ready: lib/vsprintf.c ptr_to_id() (4.15+) prints <c>(ptrval)</c> right-aligned in the
    /// pointer's width (<c>[&lt;        (ptrval)&gt;]</c> on 64-bit), later <c>(____ptrval____)</c> on 64-bit, so a
    /// <c>"[&lt;%p&gt;] %pS"</c> frame of an early stall or oops (riscv's print_ip_sym() of 4.15–4.19) has no digits there.
    /// </summary>
    public static readonly Parser<char, string> BracketedAddress =
        Char('[').Then(Char('<').Optional()).Then(Char(' ').SkipMany())
            .Then(OneOf(Try(String("(null)")), Try(String("(ptrval)")), Try(String("(____ptrval____)")), HexWithPrefix))
            .Before(Char('>').Optional()).Before(Char(']'))
            .Labelled("bracketed address");

    /// <summary>A symbol name: letters, digits, <c>_</c>, <c>.</c> (GCC clones: <c>.isra.0</c>, <c>.cold</c>; ppc64 <c>.func</c>), <c>$</c>.</summary>
    public static readonly Parser<char, string> SymbolName =
        Token(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$').AtLeastOnceString().Labelled("symbol");

    /// <summary><c>+0x1a/0x30</c> → (offset, size).</summary>
    public static readonly Parser<char, (long Offset, long Size)> OffsetSize =
        Map((offset, size) => (ParseHex(offset), ParseHex(size)), String("+0x").Then(Hex), Char('/').Then(HexWithPrefix));

    /// <summary><c>[ext4]</c> or <c>[ext4 abcdef]</c> after a symbol: the module name.</summary>
    public static readonly Parser<char, string> Module =
        Char('[').Then(Token(c => c != ']' && c != ' ').AtLeastOnceString()).Before(Token(c => c != ']').SkipMany()).Before(Char(']'))
            .Labelled("module");

    /// <summary>A source location as symbolizers print it: <c>kernel/panic.c:185</c>.</summary>
    public static readonly Parser<char, string> SourceLocation =
        Token(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '+').AtLeastOnceString()
            .Before(Char(':')).Before(Token(char.IsAsciiDigit).SkipAtLeastOnce())
            .Labelled("source location");

    public static long ParseHex(string s) =>
        long.TryParse(s, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out long v) ? v : -1;
}
