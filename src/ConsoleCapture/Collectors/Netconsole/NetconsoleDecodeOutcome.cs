namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>What <see cref="NetconsoleDecoder.Decode"/> did with a datagram.</summary>
internal enum NetconsoleDecodeOutcome
{
    /// <summary>Decoded (its text written, or kept for reassembly, or a duplicate skipped).</summary>
    Decoded,

    /// <summary>Dropped: a fragment claiming a message larger than any kernel sends (<see cref="NetconsoleLimits.MaxMessageBytes"/>).</summary>
    DroppedOversized,
}
