namespace SolWatch.Storage.Transcripts;

/// <summary>One line of a console transcript with the time it was received.</summary>
/// <param name="ReceivedAt">When the line's first byte arrived (UTC).</param>
/// <param name="Text">The line as framed (no line terminator); for a gap, the reason.</param>
public sealed record TranscriptLine(DateTimeOffset ReceivedAt, string Text)
{
    /// <summary>
    /// True for a gap marker (disconnect, reconnect, lines lost to a full disk or queue): output may be missing here,
    /// and <see cref="Text"/> says why.
    /// </summary>
    public bool IsGap { get; init; }

    /// <summary>The line as stored in the transcript file: receive time, <c>|</c> (or <c>! gap:</c>), text.</summary>
    public string Format() => TranscriptLineFormat.Format(ReceivedAt, Text, IsGap).TrimEnd('\n');
}
