using System.Collections.Immutable;
using System.IO.Enumeration;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>A rule's <c>consoles:</c> patterns (<c>*</c>, <c>?</c>); none matches every console.</summary>
internal sealed class ConsolePatterns(ImmutableArray<string> patterns)
{
    public bool Match(string console) =>
        patterns.IsDefaultOrEmpty || patterns.Any(p => FileSystemName.MatchesSimpleExpression(p, console, ignoreCase: false));
}
