using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>The figures of one <c>solwatch bench capture</c> run.</summary>
/// <param name="Workload">What was run.</param>
/// <param name="BurstingConsoles">Consoles that replayed panics.</param>
/// <param name="ManagedBytesPerIdleConsole">Managed heap growth per connected idle console, after a forced GC.</param>
/// <param name="RssBytesPerIdleConsole">Process RSS growth per connected idle console.</param>
/// <param name="ManagedBytesPerConsoleAfter">Managed heap growth per console after streaming, once all are quiet again.</param>
/// <param name="RssBytesPerConsoleAfter">Process RSS growth per console after streaming, once all are quiet again.</param>
/// <param name="CpuShare">Process CPU time / wall time while streaming (1.0 = one core busy).</param>
/// <param name="StreamingSeconds">Wall time from the first byte written to the last line received.</param>
/// <param name="LinesSent">Lines written by the consoles.</param>
/// <param name="LinesReceived">Lines the sessions framed.</param>
/// <param name="BytesSent">Bytes written by the consoles.</param>
/// <param name="Panics">Panics written.</param>
/// <param name="PanicsWithoutIncident">Panics after which no incident was stored.</param>
/// <param name="IncidentsStored">Incidents the store acknowledged.</param>
/// <param name="LatencyP50">Median time from a panic's last line written to its incident stored (includes the quiet period).</param>
/// <param name="LatencyP99">99th percentile of the same.</param>
/// <param name="LatencyMax">Largest of the same.</param>
/// <param name="OpenFileLimit">The process's soft RLIMIT_NOFILE, or null when unknown.</param>
/// <param name="LoadAverage">The machine's 1-minute load average at the end (the machine may be shared).</param>
internal sealed record CaptureBenchReport(
    CaptureBenchOptions Workload,
    int BurstingConsoles,
    double ManagedBytesPerIdleConsole,
    double RssBytesPerIdleConsole,
    double ManagedBytesPerConsoleAfter,
    double RssBytesPerConsoleAfter,
    double CpuShare,
    double StreamingSeconds,
    long LinesSent,
    long LinesReceived,
    long BytesSent,
    int Panics,
    int PanicsWithoutIncident,
    long IncidentsStored,
    TimeSpan? LatencyP50,
    TimeSpan? LatencyP99,
    TimeSpan? LatencyMax,
    long? OpenFileLimit,
    string LoadAverage)
{
    /// <summary>Lines written but never framed by a session (must be 0).</summary>
    public long LinesLost => LinesSent - LinesReceived;

    /// <summary>Bytes written to the raw transcripts (equal to the bytes sent when they are kept).</summary>
    public long RawBytesWritten { get; init; }

    /// <summary>Raw transcript bytes lost (queue full, disk full; must be 0).</summary>
    public long RawBytesLost { get; init; }

    /// <summary>Writes the figures as a table, with the goals of the "Capture daemon" issue beside them.</summary>
    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rows = new List<(string Figure, string Value, string Goal)>
        {
            ("consoles (bursting panics / trickling)", $"{Workload.Consoles} ({BurstingConsoles} / {Workload.Consoles - BurstingConsoles})", "2000"),
            ("managed heap per idle console", Kb(ManagedBytesPerIdleConsole), ""),
            ("process RSS per idle console", Kb(RssBytesPerIdleConsole), "<= 64 KB"),
            ("managed heap per console after streaming", Kb(ManagedBytesPerConsoleAfter), ""),
            ("process RSS per console after streaming", Kb(RssBytesPerConsoleAfter), ""),
            ("CPU while streaming (process / wall)", F($"{CpuShare * 100:F1}% of one core ({Environment.ProcessorCount} cores)"), ""),
            ("lines/s handled", F($"{LinesReceived / StreamingSeconds:F0}"), ""),
            ("bytes/s handled", F($"{BytesSent / StreamingSeconds:F0}"), ""),
            ("panics written / without incident", $"{Panics} / {PanicsWithoutIncident}", "- / 0"),
            ("incidents stored", IncidentsStored.ToString(CultureInfo.InvariantCulture), ""),
            ("lines lost", LinesLost.ToString(CultureInfo.InvariantCulture), "0"),
            ("raw transcript bytes written / lost", Workload.RawTranscripts ? F($"{RawBytesWritten} / {RawBytesLost}") : "off", Workload.RawTranscripts ? F($"{BytesSent} / 0") : ""),
            (F($"last line -> stored p50 (incl. {Workload.QuietPeriod.TotalMilliseconds:0} ms quiet)"), Ms(LatencyP50), ""),
            ("last line -> stored p99", Ms(LatencyP99), F($"<= 100 ms + quiet")),
            ("last line -> stored max", Ms(LatencyMax), ""),
            ("  p99 minus the quiet period", LatencyP99 is { } p ? Ms(p - Workload.QuietPeriod) : "-", "<= 100 ms"),
        };
        int w0 = rows.Max(r => r.Figure.Length);
        int w1 = Math.Max(12, rows.Max(r => r.Value.Length));
        output.WriteLine($"{"figure".PadRight(w0)}  {"measured".PadLeft(w1)}  goal");
        foreach ((string figure, string value, string goal) in rows)
        {
            output.WriteLine($"{figure.PadRight(w0)}  {value.PadLeft(w1)}  {goal}");
        }
        output.WriteLine(F($"streamed {StreamingSeconds:F1} s; load average {LoadAverage}; open-file limit {(OpenFileLimit is { } l ? l.ToString(CultureInfo.InvariantCulture) : "unknown")}; ") +
                         "CPU, memory include the in-process sender side (an upper bound for the daemon).");
        output.WriteLine($"reproduce: {Workload.CommandLine}");
    }

    private static string Kb(double bytes) => F($"{bytes / 1024:F1} KB");

    private static string Ms(TimeSpan? t) => t is { } v ? F($"{v.TotalMilliseconds:F0} ms") : "-";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
