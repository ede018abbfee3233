namespace SolWatch.ConsoleCapture.Api;

/// <summary>One line of a <c>tail</c> stream (one server-sent event each).</summary>
/// <param name="At">When the line was received.</param>
/// <param name="Text">The line.</param>
/// <param name="Incident">Set on SolWatch's own notes between the console's lines: an incident of this console was
/// stored, or its kdump story moved on (the text says which); null for a console line.</param>
public sealed record TailLine(DateTimeOffset At, string Text, long? Incident = null);
