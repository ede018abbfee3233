namespace SolWatch.Storage.Transcripts;

/// <summary>
/// A piece of a console's raw transcript, as read back: bytes exactly as the collector delivered them (telnet
/// commands and IPMI framing already removed, nothing else changed), or a gap where bytes may be missing.
/// Concatenating the <see cref="Bytes"/> of a read gives the console's output byte for byte.
/// </summary>
/// <param name="ReceivedAt">
/// When the first of these bytes arrived (all of them arrived within one second after it); for a gap, when it was
/// noticed. Null when unknown (the index beside the raw file was lost).
/// </param>
/// <param name="Bytes">The console's bytes; empty for a gap.</param>
/// <param name="Gap">Null for bytes; for a gap, why output may be missing here (disconnect, bytes lost to a full disk…).</param>
public sealed record RawSegment(DateTimeOffset? ReceivedAt, byte[] Bytes, string? Gap = null);
