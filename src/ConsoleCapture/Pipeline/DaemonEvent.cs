using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>Something that happened on a console, fanned out to API subscribers (tail, live views).</summary>
/// <param name="Console">The console's name.</param>
/// <param name="At">When it happened.</param>
public abstract record DaemonEvent(string Console, DateTimeOffset At);

/// <summary>A line was received (and written to the transcript).</summary>
/// <param name="Console">The console's name.</param>
/// <param name="At">When the line's bytes were received.</param>
/// <param name="Text">The framed line.</param>
public sealed record LineReceived(string Console, DateTimeOffset At, string Text) : DaemonEvent(Console, At);

/// <summary>An incident became durable in the store.</summary>
/// <param name="Incident">The stored incident.</param>
public sealed record IncidentStored(Incident Incident) : DaemonEvent(Incident.Console, Incident.StoredAt);

/// <summary>A stored incident changed: its kdump story moved on (the capture kernel booted, the save ended…).</summary>
/// <param name="Incident">The incident as now stored.</param>
public sealed record IncidentUpdated(Incident Incident) : DaemonEvent(Incident.Console, DateTimeOffset.UtcNow);

/// <summary>A console's state changed (connected, disconnected, failed…).</summary>
/// <param name="Summary">The console's new summary.</param>
public sealed record ConsoleStateChanged(ConsoleSummary Summary) : DaemonEvent(Summary.Name, Summary.Since);

/// <summary>A hardware event was read on a console and handed to the store (alert rules count them: a rising rate).</summary>
/// <param name="Event">The event, its console and host.</param>
public sealed record HardwareEventRecorded(SolWatch.Storage.Hardware.NewHardwareEvent Event) : DaemonEvent(Event.Console, Event.At);
