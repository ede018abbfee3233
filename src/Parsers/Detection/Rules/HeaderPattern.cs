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

    /// <summary>A pattern backed by a Pidgin grammar of the whole header text.</summary>
    public static HeaderPattern FromGrammar(Parser<char, string[]> grammar, string label) =>
        new(label, h => grammar.Parse(h) is { Success: true } r ? r.Value : null);

    /// <inheritdoc />
    public override string ToString() => Label;
}
