namespace SolWatch.Parsers.Reports;

/// <summary>The kernel's own description: release (<c>6.1.0-27-amd64</c>) and taint flags (<c>G    B   W  O</c> → <c>BWO</c>).</summary>
public sealed record KernelInfo(string? Release, string? Tainted);
