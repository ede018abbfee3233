namespace SolWatch.ConsoleCapture.Supervision;

/// <summary>
/// The console was lost at <paramref name="At"/>: whatever it printed until the next
/// <see cref="Collectors.IConsoleSink.OnConnected"/> is missing from the transcript.
/// </summary>
/// <param name="At">When the loss was noticed.</param>
/// <param name="Reason">Why (the collector's error message, or "peer closed the console").</param>
public sealed record ConsoleGap(DateTimeOffset At, string Reason);
