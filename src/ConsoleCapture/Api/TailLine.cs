namespace SolWatch.ConsoleCapture.Api;

/// <summary>One line of a <c>tail</c> stream (one server-sent event each).</summary>
/// <param name="At">When the line was received.</param>
/// <param name="Text">The line.</param>
public sealed record TailLine(DateTimeOffset At, string Text);
