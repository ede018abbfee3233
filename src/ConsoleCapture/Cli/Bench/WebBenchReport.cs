using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>What <c>solwatch bench web</c> measured.</summary>
/// <param name="Options">The workload.</param>
/// <param name="CrashingConsoles">Consoles that printed panics during the storm.</param>
/// <param name="Samples">Every timed request.</param>
/// <param name="TailLag">Send-to-receipt times of the watched consoles' stamped lines on their tail streams.</param>
/// <param name="TailLinesLost">Stamped lines sent that no tail stream delivered.</param>
/// <param name="StampedLines">Stamped lines sent.</param>
/// <param name="RowLag">Send-to-shown times of the stamped lines the dashboard's console list showed as a row's last line.</param>
/// <param name="RowsBehind">Watched consoles whose row never showed their last stamped line.</param>
/// <param name="CrashesSent">Panics written completely.</param>
/// <param name="IncidentsStored">Incidents the daemon counts over all consoles.</param>
/// <param name="CrashedWithoutIncident">Crashing consoles without any incident.</param>
/// <param name="StormSeconds">How long the storm lasted.</param>
/// <param name="DaemonCores">The daemon's CPU time during the storm over its wall time.</param>
/// <param name="LoadBefore">The one-minute load average when the storm began.</param>
/// <param name="LoadAfter">The same when it ended.</param>
/// <param name="Cores">Processors of this machine.</param>
/// <param name="DaemonAlive">Whether the daemon still ran at the end.</param>
internal sealed record WebBenchReport(
    WebBenchOptions Options,
    int CrashingConsoles,
    IReadOnlyList<WebProbes.Sample> Samples,
    IReadOnlyList<TimeSpan> TailLag,
    long TailLinesLost,
    long StampedLines,
    IReadOnlyList<TimeSpan> RowLag,
    int RowsBehind,
    int CrashesSent,
    long IncidentsStored,
    int CrashedWithoutIncident,
    double StormSeconds,
    double DaemonCores,
    double LoadBefore,
    double LoadAfter,
    int Cores,
    bool DaemonAlive)
{
    /// <summary>The request kinds whose first byte is held to the goal: the console list over the API and on the dashboard.</summary>
    public static readonly IReadOnlyList<string> ListKinds = ["api /api/consoles", "web /web/events list"];

    /// <summary>The worst p99 time to first byte of a console list during the storm.</summary>
    public TimeSpan? StormListP99 => ListKinds
        .Select(k => Percentile([.. Samples.Where(s => s.Kind == k && s.Phase == "storm" && !s.Failed).Select(s => s.FirstByte)], 0.99))
        .Max();

    /// <summary>Requests that failed (error status, connection or timeout).</summary>
    public int FailedRequests => Samples.Count(s => s.Failed);

    /// <summary>Whether the console list's first byte stayed within the goal at p99 during the storm, with no request failed.</summary>
    public bool WithinGoal => StormListP99 is { } p99 && p99 <= Options.Goal && FailedRequests == 0;

    /// <summary>Prints the report.</summary>
    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"web under a panic storm: {Options.Consoles} consoles, {CrashingConsoles} crashing at {Options.BytesPerSecond} B/s for {StormSeconds:0.0} s; {Cores} cores; load {LoadBefore:0.00} -> {LoadAfter:0.00}; daemon CPU {DaemonCores:0.00} cores{(DaemonAlive ? "" : "; THE DAEMON DIED")}"));
        output.WriteLine($"{"request (ms)",-24} {"phase",-9} {"n",5} {"fail",5} {"p50",8} {"p95",8} {"p99",8} {"max",8} {"whole p99",10}");
        foreach (var group in Samples.GroupBy(s => (s.Kind, s.Phase)).OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Phase, StringComparer.Ordinal))
        {
            List<TimeSpan> first = [.. group.Where(s => !s.Failed).Select(s => s.FirstByte)];
            List<TimeSpan> whole = [.. group.Where(s => !s.Failed).Select(s => s.Whole)];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group.Key.Kind,-24} {group.Key.Phase,-9} {group.Count(),5} {group.Count(s => s.Failed),5} {Ms(Percentile(first, 0.50)),8} {Ms(Percentile(first, 0.95)),8} {Ms(Percentile(first, 0.99)),8} {Ms(Percentile(first, 1)),8} {Ms(Percentile(whole, 0.99)),10}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tail lag (ms), {Options.Watched} consoles: p50 {Ms(Percentile(TailLag, 0.50))}, p99 {Ms(Percentile(TailLag, 0.99))}, max {Ms(Percentile(TailLag, 1))}; {StampedLines} stamped lines sent, {TailLinesLost} lost"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dashboard list lag (ms), last line of a row: p50 {Ms(Percentile(RowLag, 0.50))}, p99 {Ms(Percentile(RowLag, 0.99))}, max {Ms(Percentile(RowLag, 1))}; rows that never showed their last line: {RowsBehind}"));
        output.WriteLine($"crashes sent {CrashesSent}, incidents stored {IncidentsStored}, crashing consoles without an incident {CrashedWithoutIncident}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"goal: first byte of the console list <= {Options.Goal.TotalMilliseconds:0} ms at p99 during the storm: {Ms(StormListP99)} ms, {(WithinGoal ? "PASS" : "OVER")}"));
        output.WriteLine($"reproduce: {Options.CommandLine}");
    }

    /// <summary>The <paramref name="p"/> quantile (nearest rank) of <paramref name="values"/>, or null when there are none.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }
        TimeSpan[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string Ms(TimeSpan? t) => t is { } v ? v.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
