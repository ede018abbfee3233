using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>Medians of one program's runs over one input: wall time and CPU time (user + system), in seconds.</summary>
internal sealed record ColdTimes(double WallSeconds, double CpuSeconds)
{
    /// <summary>The median of each of <paramref name="runs"/>' times (the mean of the middle two for an even count).</summary>
    public static ColdTimes Median(IReadOnlyCollection<ColdTimes> runs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        return new ColdTimes(RunStatistics.Median(runs.Select(r => r.WallSeconds)), RunStatistics.Median(runs.Select(r => r.CpuSeconds)));
    }
}

/// <summary>One input of the cold bench: its size, the scan's and grep's median times, what the scan printed.</summary>
internal sealed record ColdScanRow(string Input, long Bytes, ColdTimes Scan, ColdTimes Grep, long OutputBytes);

/// <summary>
/// What <c>solwatch bench scan --cold</c> measured: the start-up of the executable (a scan of an empty file) and, per
/// input, the scan as a new process beside <c>grep -c -F</c>; throughput is the input's size over the scan's time less
/// the start-up, so it is what the scan itself reads per second once the process is up.
/// </summary>
internal sealed record ColdScanReport(
    string Executable, int Runs, string LoadBefore, string LoadAfter, ColdTimes Startup, IReadOnlyList<ColdScanRow> Rows)
{
    /// <summary>The scan's throughput on <paramref name="row"/>, start-up subtracted, in MB/s (wall or CPU time); null
    /// when the scan took no longer than an empty one (too small an input to tell).</summary>
    public double? ScanMbPerSecond(ColdScanRow row, bool cpu)
    {
        ArgumentNullException.ThrowIfNull(row);
        double seconds = cpu ? row.Scan.CpuSeconds - Startup.CpuSeconds : row.Scan.WallSeconds - Startup.WallSeconds;
        return seconds > 0 ? Mb(row.Bytes) / seconds : null;
    }

    /// <summary>grep's throughput on <paramref name="row"/> in MB/s (wall or CPU time); null when too fast to time.</summary>
    public static double? GrepMbPerSecond(ColdScanRow row, bool cpu)
    {
        ArgumentNullException.ThrowIfNull(row);
        double seconds = cpu ? row.Grep.CpuSeconds : row.Grep.WallSeconds;
        return seconds > 0 ? Mb(row.Bytes) / seconds : null;
    }

    /// <summary>Writes the table.</summary>
    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"cold: `{Executable} scan FILE` as a new process per run (text output to a pipe), beside {GrepPeer.CommandLine}");
        output.WriteLine(Invariant($"medians of {Runs} runs, one process at a time; {Environment.ProcessorCount} cores; load {LoadBefore} at the start, {LoadAfter} at the end"));
        output.WriteLine(Invariant($"start-up (scan of an empty file): wall {Startup.WallSeconds:F3} s, CPU {Startup.CpuSeconds:F3} s; subtracted from the scans below"));
        output.WriteLine($"{"input",-24} {"MB",5} {"scan wall s",11} {"scan CPU s",10} {"MB/s wall",9} {"MB/s CPU",8} {"grep wall s",11} {"grep MB/s",9} {"grep/solwatch wall",18} {"CPU",6} {"output KB",9}");
        foreach (ColdScanRow row in Rows)
        {
            double? wall = ScanMbPerSecond(row, cpu: false);
            double? cpu = ScanMbPerSecond(row, cpu: true);
            double? grepWall = GrepMbPerSecond(row, cpu: false);
            double? grepCpu = GrepMbPerSecond(row, cpu: true);
            output.WriteLine(Invariant(
                $"{row.Input,-24} {Mb(row.Bytes),5:F0} {row.Scan.WallSeconds,11:F3} {row.Scan.CpuSeconds,10:F3} {Rate(wall),9} {Rate(cpu),8} {row.Grep.WallSeconds,11:F3} {Rate(grepWall),9} {Ratio(grepWall, wall),18} {Ratio(grepCpu, cpu),6} {row.OutputBytes / 1024,9}"));
        }
    }

    private static double Mb(long bytes) => bytes / 1048576.0;

    private static string Rate(double? mbPerSecond) => mbPerSecond is { } r ? Invariant($"{r:F1}") : "-";

    // How many times grep's throughput the scan's is short of: grep MB/s over solwatch MB/s.
    private static string Ratio(double? grep, double? scan) => grep is { } g && scan is { } s ? Invariant($"{g / s:F1}x") : "-";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
