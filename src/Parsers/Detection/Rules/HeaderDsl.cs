using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>Building blocks for crash-header grammars: each header parser yields the texts it captured.</summary>
internal static class HeaderDsl
{
    private static readonly string[] NoCaptures = [];

    /// <summary>The literal text, then anything.</summary>
    public static Parser<char, string[]> Starts(string literal) =>
        Try(String(literal)).Then(Any.SkipMany()).ThenReturn(NoCaptures).Labelled(literal);

    /// <summary>The literal text somewhere in the header.</summary>
    public static Parser<char, string[]> Contains(string literal) =>
        Any.SkipUntil(Try(String(literal))).Then(Any.SkipMany()).ThenReturn(NoCaptures).Labelled(literal);

    /// <summary>The first literal, then (somewhere later) the second.</summary>
    public static Parser<char, string[]> StartsThenContains(string first, string second) =>
        Try(String(first)).Then(Any.SkipUntil(Try(String(second)))).Then(Any.SkipMany()).ThenReturn(NoCaptures)
            .Labelled($"{first}…{second}");

    /// <summary>The literal, then the rest of the line captured (trimmed).</summary>
    public static Parser<char, string[]> StartsCapturingRest(string literal) =>
        Try(String(literal)).Then(Any.ManyString()).Select(rest => new[] { rest.Trim() }).Labelled(literal);

    /// <summary>The literal, then a word (up to a space) captured, then anything.</summary>
    public static Parser<char, string[]> StartsCapturingWord(string literal) =>
        Try(String(literal)).Then(Word).Before(Any.SkipMany()).Select(w => new[] { w }).Labelled(literal);

    /// <summary><c>literal WORD in FUNC</c>: captures the word and the function.</summary>
    public static Parser<char, string[]> WordInFunction(string literal) =>
        (from _ in Try(String(literal))
         from word in Token(c => c != ' ').AtLeastOnceString()
         from __ in Try(String(" in "))
         from func in Function
         from rest in Any.SkipMany()
         select new[] { word, func }).Labelled(literal + " … in …");

    /// <summary>The literal, then a function name captured.</summary>
    public static Parser<char, string[]> StartsCapturingFunction(string literal) =>
        Try(String(literal)).Then(Function).Before(Any.SkipMany()).Select(f => new[] { f }).Labelled(literal);

    /// <summary>Nothing but spaces after the literal: the header was cut off.</summary>
    public static Parser<char, string[]> Empty(string literal) =>
        Try(String(literal)).Then(Token(c => c is ' ' or '\t').SkipMany()).Then(End).ThenReturn(NoCaptures).Labelled(literal + " (empty)");

    /// <summary>A function name as written in the source (stops at <c>.</c> clone suffixes and <c>+0x</c>).</summary>
    public static readonly Parser<char, string> Function =
        Token(c => char.IsAsciiLetterOrDigit(c) || c == '_').AtLeastOnceString().Labelled("function");

    /// <summary>Non-space characters.</summary>
    public static readonly Parser<char, string> Word = Token(c => c != ' ').AtLeastOnceString().Labelled("word");

    /// <summary>Any of the parsers, first match wins.</summary>
    public static Parser<char, string[]> Either(params Parser<char, string[]>[] parsers) => OneOf(parsers.Select(Try));
}
