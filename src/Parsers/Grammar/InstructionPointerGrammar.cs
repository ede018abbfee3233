using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;
using static SolWatch.Parsers.Grammar.Lexemes;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// The line that says where the CPU was, per architecture:
/// <code>
/// RIP: 0010:lab_null+0x5/0x20 [labcrash]          x86_64   (also "RIP: 0010:[&lt;ffffffff81&gt;]  [&lt;ffffffff81&gt;] f+0x1/0x2")
/// EIP: lab_null+0x5/0x20 [labcrash]               i386     ("EIP is at f+0x1/0x2" before 4.x)
/// IP: [&lt;ffffffff81234567&gt;] f+0x1/0x2              x86 before 4.x (first line of an oops)
/// pc : f+0x1c/0x20 [mod]                          arm64    ("PC is at f+0x1c/0x20" on arm and old arm64)
/// NIP [c000000000123456] f+0x1c/0x20              powerpc
/// epc : f+0x1c/0x20 [mod]                         riscv    ("epc : ffffffff80001234" when unresolved)
/// epc   : 80126820 f+0x164/0x1c4                 mips     (arch/mips/kernel/traps.c __show_regs "epc   : %0*lx %pS")
/// Krnl PSW : 0704c00180000000 000000000011d6be (f+0x1e/0x30 [mod])   s390
/// </code>
/// A user-space address (<c>RIP: 0033:0x47b7a0</c>) parses with no symbol.
/// </summary>
internal static class InstructionPointerGrammar
{
    private static readonly Parser<char, string> Label = OneOf(
        Try(String("RIP:")), Try(String("EIP is at")), Try(String("EIP:")), Try(String("IP:")),
        Try(String("pc :")), Try(String("pc:")), Try(String("PC is at")), Try(String("NIP")),
        Try(String("epc :")), Try(String("epc:")), Try(String("epc   :")), Try(String("Krnl PSW :"))).Labelled("instruction pointer label");

    private static readonly Parser<char, Maybe<string>> OptionalModule = Try(Space1.Then(Module)).Optional();
    private static readonly Parser<char, Maybe<Unit>> Segment = Try(Token(char.IsAsciiHexDigit).Repeat(4).Then(Char(':')).IgnoreResult()).Optional();
    private static readonly Parser<char, IEnumerable<string>> Addresses = Try(BracketedAddress.Before(Spaces)).Many();
    private static readonly Parser<char, IEnumerable<string>> PlainHexWords = Try(HexWithPrefix.Before(Space1)).Many();
    private static readonly Parser<char, Maybe<char>> OptionalParen = Char('(').Optional();
    private static readonly Parser<char, Maybe<string>> BareAddress = Try(HexWithPrefix).Optional();

    private static readonly Parser<char, SymbolReference> SymbolWithOffset =
        from name in SymbolName
        from os in OffsetSize
        from module in OptionalModule
        select new SymbolReference(name, os.Offset, os.Size, module.HasValue ? module.Value : null);

    // A symbol whose offset or size the line lost ("(apply_rela+0x2ba/0x 4e0)", a blank a mailer inserted) still names its
    // function: the name is followed by "+0x" as %pS prints it, which is all syzkaller's FUNC pattern asks of an IP line.
    private static readonly Parser<char, SymbolReference> SymbolWithDamagedOffset =
        SymbolName.Before(Lookahead(String("+0x"))).Select(name => new SymbolReference(name, null, null, null));

    private static readonly Parser<char, Maybe<SymbolReference>> OptionalSymbol =
        Try(SymbolWithOffset).Or(Try(SymbolWithDamagedOffset)).Optional();

    // "0010:" code segment selector (x86), then up to two bracketed addresses, then maybe a symbol.
    private static readonly Parser<char, ParsedInstructionPointer> Body =
        from lead in Spaces
        from segment in Segment
        from addresses in Addresses
        from plainHex in PlainHexWords
        from paren in OptionalParen
        from symbol in OptionalSymbol
        from bare in BareAddress
        select new ParsedInstructionPointer(
            symbol.HasValue ? symbol.Value : null,
            addresses.Concat(plainHex).LastOrDefault() ?? (!symbol.HasValue && bare.HasValue ? bare.Value : null));

    /// <summary>Parses an instruction-pointer line's message text (leading spaces allowed).</summary>
    public static readonly Parser<char, ParsedInstructionPointer> Line =
        Spaces.Then(Label).Then(Body).Labelled("instruction pointer line");

    /// <summary>Parses an instruction-pointer line; null when it is none. The common shape is read by
    /// <see cref="InstructionPointerFastPath"/>; the grammar takes every other.</summary>
    public static ParsedInstructionPointer? TryParse(ReadOnlySpan<char> text)
    {
        if (InstructionPointerFastPath.TryRead(text, out ParsedInstructionPointer ip) == FastPathOutcome.Read)
        {
            return ip;
        }
        Result<char, ParsedInstructionPointer> r = Line.Parse(text.ToString());
        return r.Success ? r.Value : null;
    }
}

/// <summary>What an instruction-pointer line said.</summary>
internal readonly record struct ParsedInstructionPointer(SymbolReference? Symbol, string? Address);
