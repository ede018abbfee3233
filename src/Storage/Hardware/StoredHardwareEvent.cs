using SolWatch.Parsers.Hardware;

namespace SolWatch.Storage.Hardware;

/// <summary>A hardware event as stored.</summary>
/// <param name="Id">The store's id for it (24 hex digits).</param>
/// <param name="Console">Console name.</param>
/// <param name="Host">Host behind the console, when known.</param>
/// <param name="Event">The event (its line numbers are the console stream's at the time).</param>
/// <param name="At">When its first line was received (UTC).</param>
/// <param name="StoredAt">When it was written.</param>
public sealed record StoredHardwareEvent(string Id, string Console, string? Host, HardwareEvent Event, DateTimeOffset At, DateTimeOffset StoredAt);
