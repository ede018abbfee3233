using SolWatch.Parsers.Detection.Rules;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Detection;

/// <summary>A line recognized as the first line of a crash report: which group, where the header starts.</summary>
internal sealed record HeaderMatch(RuleGroup Group, KernelLine Line, string HeaderText);
