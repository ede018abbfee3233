using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>What <c>solwatch bench hostile-netconsole</c> measured.</summary>
internal sealed record HostileNetconsoleReport(
    HostileNetconsoleOptions Options,
    string SpoofMethod,
    double FloodSeconds,
    long SpoofedDatagramsSent,
    long DistinctSpoofedSources,
    long HugeFragmentsSent,
    long IdleRssBytes,
    long PeakRssBytes,
    long FinalRssBytes,
    long ListenerDatagrams,
    long ListenerDroppedOversized,
    long ListenerUnknownSenderDatagrams,
    long ListenerDecodeFailures,
    bool ListenerListening,
    bool DaemonAlive,
    int UnknownSenderWarningLines,
    int SummaryLines,
    IReadOnlyList<(string Console, int Incidents)> Captured)
{
    /// <summary>Under the RSS limit, alive, listening, and every real console's crash stored.</summary>
    public bool Passed => PeakRssBytes < Options.RssLimitBytes && DaemonAlive && ListenerListening && Captured.All(c => c.Incidents > 0);

    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
        string Ratio(long bytes) => IdleRssBytes > 0 ? ((double)bytes / IdleRssBytes).ToString("0.00", CultureInfo.InvariantCulture) + "x idle" : "n/a";
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hostile netconsole, {FloodSeconds:0} s of flood ({SpoofMethod}); daemon {Options.DaemonPath ?? "this solwatch"}{(Options.HeapLimitMb is { } mb ? $", GC heap limit {mb} MB" : "")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sent: {SpoofedDatagramsSent:N0} datagrams from {DistinctSpoofedSources:N0} distinct spoofed sources, {HugeFragmentsSent:N0} fragments with ncfrag totals up to 2,147,483,647 from the allowed sender"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  listener: {ListenerDatagrams:N0} datagrams received, {ListenerDroppedOversized:N0} dropped as oversized, {ListenerUnknownSenderDatagrams:N0} from unknown senders, {ListenerDecodeFailures:N0} decode failures (-1: not reported); listening: {(ListenerListening ? "yes" : "NO")}; daemon alive: {(DaemonAlive ? "yes" : "NO")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  log: {UnknownSenderWarningLines} unknown-sender warnings, {SummaryLines} summary lines"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  daemon RSS: idle {Mb(IdleRssBytes)}, peak {Mb(PeakRssBytes)} ({Ratio(PeakRssBytes)}), final {Mb(FinalRssBytes)} ({Ratio(FinalRssBytes)}); limit {Mb(Options.RssLimitBytes)}"));
        foreach ((string console, int incidents) in Captured)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  real console {console}: {(incidents > 0 ? $"crash captured ({incidents} incident{(incidents == 1 ? "" : "s")})" : "crash NOT captured")}"));
        }
        output.WriteLine(Passed ? "PASS" : "FAIL");
    }
}
