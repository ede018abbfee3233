using SolWatch.Parsers.Detection.Rules;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Detection;

/// <summary>A line recognized as the first line of a crash report: which group, where the header starts, and the group's
/// first rule whose header pattern matched it (index and captures), so finishing the report need not match again.</summary>
internal sealed record HeaderMatch(RuleGroup Group, KernelLine Line, string HeaderText, int FirstRule, string[] FirstCaptures);
