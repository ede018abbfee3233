namespace SolWatch.Storage.Hardware;

/// <summary>
/// One console's hardware events counted over time windows, so a rising rate shows: a DIMM that logged one corrected
/// error a week and now logs ten an hour is failing. Counts are of errors (an EDAC line's count), not of lines.
/// </summary>
/// <param name="Console">Console name.</param>
/// <param name="Host">Host behind it, when known.</param>
/// <param name="LastHour">Errors received in the hour before <c>now</c>.</param>
/// <param name="LastDay">Errors in the 24 hours before <c>now</c>.</param>
/// <param name="LastWeek">Errors in the 7 days before <c>now</c>.</param>
/// <param name="Total">Errors stored for the console.</param>
/// <param name="Uncorrected">Of the total, errors not corrected (deferred, uncorrected-recoverable, fatal).</param>
/// <param name="Last">When the newest was received.</param>
/// <param name="LastSummary">What the newest was.</param>
public sealed record HardwareRate(
    string Console, string? Host, long LastHour, long LastDay, long LastWeek, long Total, long Uncorrected, DateTimeOffset Last, string LastSummary);
