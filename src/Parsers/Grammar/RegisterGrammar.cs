using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;
using static SolWatch.Parsers.Grammar.Lexemes;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// Register dump lines: <c>RAX: 0000000000000000 RBX: ffff8880053597e0 RCX: c0000000ffffefff</c>,
/// <c>RSP: 0018:ffffc90000593b80 EFLAGS: 00000246</c>, <c>x29: ffff80000a0f3b10 x28: ffff0000c2a1b600</c>,
/// <c>sp : ffff80000a0f3b10</c>, <c> ra : ffffffff80a3b4c2 sp : ff2000000001bd30</c> — a line made only of
/// NAME: VALUE pairs.
/// </summary>
internal static class RegisterGrammar
{
    private static readonly Parser<char, string> Name =
        Token(c => char.IsAsciiLetterOrDigit(c) || c == '_').AtLeastOnceString().Where(n => n.Length <= 8);

    private static readonly Parser<char, string> Value =
        Token(c => char.IsAsciiHexDigit(c) || c == ':' || c == 'x').AtLeastOnceString().Where(v => v.Length >= 4);

    private static readonly Parser<char, char> Colon = Try(Spaces.Then(Char(':')));
    private static readonly Parser<char, string> SpacedValue = Spaces.Then(Value);

    private static readonly Parser<char, KeyValuePair<string, string>> Pair =
        from name in Name
        from colon in Colon
        from value in SpacedValue
        select new KeyValuePair<string, string>(name, value);

    /// <summary>Parses a register line's message text into its pairs (at least one; the whole line must be pairs).</summary>
    public static readonly Parser<char, IEnumerable<KeyValuePair<string, string>>> Line =
        Spaces.Then(Try(Pair).SeparatedAndOptionallyTerminatedAtLeastOnce(Space1)).Before(Spaces).Before(End)
            .Labelled("register line");

    /// <summary>Adds a register line's pairs to <paramref name="into"/> (null: only check); false when it is no register
    /// line. Read by <see cref="RegisterFastPath"/>, which follows <see cref="Line"/> exactly (a flat list of pairs leaves
    /// nothing to defer; FastPathTests hold the two to the same answers), so the grammar is never run here.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, List<KeyValuePair<string, string>>? into) =>
        RegisterFastPath.TryRead(text, into) == FastPathOutcome.Read;
}
