using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>Building blocks for crash-header patterns: each yields the texts it captured.</summary>
internal static class HeaderDsl
{
    private static readonly string[] NoCaptures = [];

    /// <summary>The header starts with the literal.</summary>
    public static HeaderPattern Starts(string literal) =>
        new(literal, h => h.StartsWith(literal, StringComparison.Ordinal) ? NoCaptures : null);

    /// <summary>The literal somewhere in the header.</summary>
    public static HeaderPattern Contains(string literal) =>
        new(literal, h => h.Contains(literal, StringComparison.Ordinal) ? NoCaptures : null);

    /// <summary>The first literal, then (somewhere later) the second.</summary>
    public static HeaderPattern StartsThenContains(string first, string second) =>
        new($"{first}…{second}", h => h.StartsWith(first, StringComparison.Ordinal) && h.IndexOf(second, first.Length, StringComparison.Ordinal) >= 0 ? NoCaptures : null);

    /// <summary>The literal, then the rest of the line captured (trimmed).</summary>
    public static HeaderPattern StartsCapturingRest(string literal) =>
        new(literal + "…", h => h.StartsWith(literal, StringComparison.Ordinal) ? [h[literal.Length..].Trim()] : null);

    /// <summary><c>literal WORD in FUNC</c>: captures the word and the function (a grammar: the word and function have shapes).</summary>
    public static HeaderPattern WordInFunction(string literal) => HeaderPattern.FromGrammar(
        Map((word, func) => new[] { word, func }, String(literal).Then(Word), String(" in ").Then(Function)),
        literal + " … in …", literal);

    /// <summary>Non-space characters.</summary>
    public static readonly Parser<char, string> Word = Token(c => c != ' ').AtLeastOnceString().Labelled("word");

    /// <summary>The literal, then a function name captured.</summary>
    public static HeaderPattern StartsCapturingFunction(string literal) => HeaderPattern.FromGrammar(
        String(literal).Then(Function).Select(f => new[] { f }), literal + "FUNC", literal);

    /// <summary>Nothing but spaces after the literal: the header was cut off.</summary>
    public static HeaderPattern Empty(string literal) =>
        new(literal + " (empty)", h => h.StartsWith(literal, StringComparison.Ordinal) && h.AsSpan(literal.Length).IsWhiteSpace() ? NoCaptures : null);

    /// <summary>A function name as written in the source (stops at <c>.</c> clone suffixes and <c>+0x</c>).</summary>
    public static readonly Parser<char, string> Function =
        Token(c => char.IsAsciiLetterOrDigit(c) || c == '_').AtLeastOnceString().Labelled("function");

    /// <summary>Any of the patterns, first match wins.</summary>
    public static HeaderPattern Either(params HeaderPattern[] patterns) =>
        new(string.Join(" | ", patterns.Select(p => p.Label)), h =>
        {
            foreach (HeaderPattern p in patterns)
            {
                if (p.Match(h) is { } captures)
                {
                    return captures;
                }
            }
            return null;
        });
}
