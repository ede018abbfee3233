using SolWatch.Parsers.Hardware;

namespace SolWatch.Storage.Hardware;

/// <summary>A hardware event read on a console, to be stored (never as an incident: it is no crash).</summary>
/// <param name="Console">Console name as configured.</param>
/// <param name="Host">Host behind the console, when known.</param>
/// <param name="Event">The event as the console reader gave it.</param>
/// <param name="At">When its first line was received (UTC).</param>
public sealed record NewHardwareEvent(string Console, string? Host, HardwareEvent Event, DateTimeOffset At);
