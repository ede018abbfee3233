namespace SolWatch.Parsers.Detection;

/// <summary>What a batch pre-scan (<see cref="BatchPreScan"/>) found a line may hold; a line not pre-scanned may hold anything.</summary>
[Flags]
internal enum LineHints : byte
{
    /// <summary>None of the words searched for: every per-line search can be skipped.</summary>
    None = 0,

    /// <summary>An anchor of a header marker (<see cref="HeaderRecognizer.MayBeHeader"/> may be true).</summary>
    MayHoldMarker = 1,

    /// <summary>A fact word (<see cref="LineFactsReader.Of"/> may find a fact).</summary>
    MayHoldFact = 2,

    /// <summary>A word of the kdump tracker's rules (Kdump/KdumpAnchors.MayMatter is true); only from a scan made for
    /// the trackers too (<see cref="BatchPreScan.Scan(Framing.FramedBatch, bool, bool)"/>).</summary>
    MayMatterToKdump = 4,

    /// <summary>A word that may begin a hardware event (Hardware/HardwareAnchors.MayBegin is true); only from a scan made
    /// for the trackers too.</summary>
    MayBeginHardware = 8,

    /// <summary>The batch's search for fact words has not reached this line yet (it runs when an open report's first line
    /// in the batch needs it: <see cref="BatchPreScan.SearchFacts"/>); until then it may hold one.</summary>
    FactsNotSearched = 0x10,

    /// <summary>The fact-word search of a batch scanned for the kdump tracker found one of its capture words here
    /// (Kdump/KdumpAnchors.CaptureWords): the line matters to an attempt if it also holds an anchor of the tracker
    /// (<see cref="BatchPreScan.FlagCaptureWords"/> decides).</summary>
    MayHoldCaptureWord = 0x20,

    /// <summary>One of the kdump tracker's own anchors (Kdump/KdumpAnchors.OwnAnchors), found by a fused search
    /// (Search/FusedWordSearch): <see cref="MayMatterToKdump"/> once the line's own test (KdumpAnchors.MayMatter)
    /// agrees.</summary>
    MayHoldKdumpWord = 0x40,

    /// <summary>The line was not pre-scanned: each reader searches it alone.</summary>
    NotScanned = 0x80,

    /// <summary>Not pre-scanned: every search runs.</summary>
    Unknown = MayHoldMarker | MayHoldFact | NotScanned,
}
