using Pidgin;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// How a rule recognizes its header and what it captures from it. Literal shapes are plain string tests (they run on
/// every candidate line); shapes with structure are Pidgin grammars.
/// </summary>
internal sealed class HeaderPattern(string label, Func<string, string[]?> match)
{
    /// <summary>What the pattern looks for, for diagnostics.</summary>
    public string Label { get; } = label;

    /// <summary>The captures when <paramref name="header"/> has this shape, else null.</summary>
    public string[]? Match(string header) => match(header);

    /// <summary>A pattern backed by a Pidgin grammar of the header text's start (what follows the grammar's match is
    /// not read: a grammar ending in "and anything after" would only cost a step per character).</summary>
    /// <remarks>With <paramref name="lead"/>, the literal the grammar starts with, a header without it is turned away
    /// before the grammar runs: a failing parse builds its error report, which costs more than the parse.</remarks>
    public static HeaderPattern FromGrammar(Parser<char, string[]> grammar, string label, string lead = "") =>
        new(label, h => h.StartsWith(lead, StringComparison.Ordinal) && grammar.Parse(h) is { Success: true } r ? r.Value : null);

    /// <inheritdoc />
    public override string ToString() => Label;
}
