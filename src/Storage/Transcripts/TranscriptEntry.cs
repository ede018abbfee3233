namespace SolWatch.Storage.Transcripts;

/// <summary>
/// A queued line, gap, raw chunk (<see cref="Raw"/> set: a pooled buffer holding <see cref="RawLength"/> bytes;
/// <see cref="RawLostBefore"/> bytes of the console were lost to a full queue just before it), or flush request
/// (<see cref="Flushed"/> set, nothing to write).
/// </summary>
internal readonly record struct TranscriptEntry(
    ConsoleTranscript? Target, long Sequence, DateTimeOffset At, string Text, bool IsGap, TaskCompletionSource? Flushed,
    byte[]? Raw = null, int RawLength = 0, long RawLostBefore = 0);
