namespace SolWatch.Storage.Transcripts;

/// <summary>A queued line, gap, or flush request (<see cref="Flushed"/> set, nothing to write).</summary>
internal readonly record struct TranscriptEntry(
    ConsoleTranscript? Target, long Sequence, DateTimeOffset At, string Text, bool IsGap, TaskCompletionSource? Flushed);
