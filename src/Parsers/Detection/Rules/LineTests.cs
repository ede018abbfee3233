namespace SolWatch.Parsers.Detection.Rules;

/// <summary>A question about a report line's message, asked of a span of the console line (no string is made for it).</summary>
internal delegate bool LineTest(ReadOnlySpan<char> text);

/// <summary>What a report line's message says for a rule (the access of a KASAN report, a source reference), or null
/// when the line says nothing to it.</summary>
internal delegate string? LineCapture(ReadOnlySpan<char> text);
