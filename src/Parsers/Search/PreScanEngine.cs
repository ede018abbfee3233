namespace SolWatch.Parsers.Search;

/// <summary>Which search the batch pre-scan runs on this CPU, for a benchmark's report.</summary>
public static class PreScanEngine
{
    /// <summary>One line saying it: the fused pass (<see cref="FusedWordSearch"/>) or the separate SearchValues passes.</summary>
    public static string Description => FusedWordSearch.IsSupported
        ? "pre-scan: one fused pass (AVX-512 VBMI)"
        : "pre-scan: separate SearchValues passes (no AVX-512 VBMI)";
}
