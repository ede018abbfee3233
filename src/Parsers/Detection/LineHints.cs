namespace SolWatch.Parsers.Detection;

/// <summary>What a batch pre-scan (<see cref="BatchPreScan"/>) found a line may hold; a line not pre-scanned may hold anything.</summary>
[Flags]
internal enum LineHints : byte
{
    /// <summary>Neither a header marker's anchor nor a report-line fact word: both per-line searches can be skipped.</summary>
    None = 0,

    /// <summary>An anchor of a header marker (<see cref="HeaderRecognizer.MayBeHeader"/> may be true).</summary>
    MayHoldMarker = 1,

    /// <summary>A fact word (<see cref="LineFactsReader.Of"/> may find a fact).</summary>
    MayHoldFact = 2,

    /// <summary>Not pre-scanned: every search runs.</summary>
    Unknown = MayHoldMarker | MayHoldFact,
}
