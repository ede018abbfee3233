using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Reading;

/// <summary>What a <see cref="ConsoleReader"/> made of a line (or of a quiet console): one of the records below.</summary>
public abstract record ConsoleReading;

/// <summary>
/// A crash report is complete: store it now. Its <see cref="CrashReport.Kdump"/> is the kdump story so far (or null),
/// and <see cref="KdumpStoryChanged"/> readings with the same <see cref="CrashReport.StartLine"/> follow as it unfolds.
/// </summary>
/// <param name="Report">The report, with its kdump story as far as known.</param>
public sealed record ReportRead(CrashReport Report) : ConsoleReading;

/// <summary>
/// A crash of the capture kernel itself (it oopsed or panicked while booting or saving, such as running out of memory in
/// too small a reservation): part of the dump attempt of the report at <paramref name="OwnerStartLine"/>, not an incident
/// of its own. That report's story (<see cref="KdumpStoryChanged"/>) says how the capture failed, and its capture lines
/// hold this report's text.
/// </summary>
/// <param name="OwnerStartLine">The <see cref="CrashReport.StartLine"/> of the report whose dump attempt this was.</param>
/// <param name="Report">The capture kernel's own report.</param>
public sealed record CaptureKernelReportRead(long OwnerStartLine, CrashReport Report) : ConsoleReading;

/// <summary>The kdump story of a report already given out has moved on.</summary>
/// <param name="ReportStartLine">The <see cref="CrashReport.StartLine"/> of the report it belongs to.</param>
/// <param name="Kdump">The story as it stands now.</param>
/// <param name="CaptureLines">The capture kernel's console lines (its boot and save: from the first line of the boot after
/// the crash) when they are handed over: at the end of the story and when the console goes quiet; null when unchanged since
/// last handed.</param>
/// <param name="Final">The story is over (the machine booted again, or the console ended): nothing more will change it.</param>
public sealed record KdumpStoryChanged(long ReportStartLine, KdumpFinding Kdump, IReadOnlyList<ConsoleLine>? CaptureLines, bool Final)
    : ConsoleReading;

/// <summary>What the console's last boot of the first kernel says about kdump changed (armed or not, and why).</summary>
/// <param name="Readiness">The boot's readiness (<see cref="KdumpFindingKind.Readiness"/>).</param>
public sealed record KdumpReadinessRead(KdumpFinding Readiness) : ConsoleReading;

/// <summary>A hardware event is complete (a corrected or fatal machine check, an EDAC or GHES record): never a crash by
/// itself; store and count it apart (architecture.md, <c>kind: "hardware"</c>).</summary>
/// <param name="Event">The event.</param>
public sealed record HardwareRead(HardwareEvent Event) : ConsoleReading;

/// <summary>One console line as read, with its number in the console stream and when it was received.</summary>
/// <param name="Number">1-based line number.</param>
/// <param name="At">Receive time (default when the caller gave none).</param>
/// <param name="Text">The line as printed, prefixes kept.</param>
public readonly record struct ConsoleLine(long Number, DateTimeOffset At, string Text);
