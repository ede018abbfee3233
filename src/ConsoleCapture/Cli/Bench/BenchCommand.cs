using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SolWatch.ConsoleCapture.Cli.Scan;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// <c>solwatch bench scan</c>: scan throughput on (a) crash-dense console logs and (b) ordinary boot and service logs,
/// each timed beside <c>grep -c -F</c> of the crash header markers on the same file in the same run, so the figures
/// are ratios against a peer measured on the same machine at the same moment.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var scan = new ScanBenchCommand(Run);
        return new Command("bench", "Measure SolWatch against a peer on this machine.") { scan.Command, CaptureCommand(), BmcBenchCommand.Create(), HostileNetconsoleCommand.Create(), WebBenchCommand.Create() };
    }

    private static Command CaptureCommand()
    {
        var defaults = new CaptureBenchOptions();
        var consoles = new Option<int>("--consoles") { Description = "consoles streaming at once", DefaultValueFactory = _ => defaults.Consoles };
        var seconds = new Option<double>("--seconds") { Description = "how long they stream", DefaultValueFactory = _ => defaults.Streaming.TotalSeconds };
        var bursting = new Option<double>("--bursting") { Description = "share of consoles replaying boot + kernel panic at full 115200-baud speed", DefaultValueFactory = _ => defaults.BurstingShare };
        var trickle = new Option<double>("--trickle-seconds") { Description = "mean pause between two lines of the other consoles", DefaultValueFactory = _ => defaults.TrickleInterval.TotalSeconds };
        var quiet = new Option<int>("--quiet-ms") { Description = "detector quiet period (included in the latency)", DefaultValueFactory = _ => (int)defaults.QuietPeriod.TotalMilliseconds };
        var raw = new Option<bool>("--raw-transcripts") { Description = "keep raw transcripts too (the daemon's default for tcp consoles)", DefaultValueFactory = _ => defaults.RawTranscripts };
        var work = new Option<string?>("--work-dir") { Description = "where the stores are created; default a temporary directory, deleted afterwards" };
        var capture = new Command("capture", "N consoles streaming over loopback into the capture pipeline: memory, CPU, latency, lines lost.")
        {
            consoles, seconds, bursting, trickle, quiet, raw, work,
        };
        capture.SetAction(async (p, ct) =>
        {
            var workload = new CaptureBenchOptions
            {
                Consoles = p.GetValue(consoles),
                Streaming = TimeSpan.FromSeconds(p.GetValue(seconds)),
                BurstingShare = p.GetValue(bursting),
                TrickleInterval = TimeSpan.FromSeconds(p.GetValue(trickle)),
                QuietPeriod = TimeSpan.FromMilliseconds(p.GetValue(quiet)),
                RawTranscripts = p.GetValue(raw),
                WorkDirectory = p.GetValue(work),
            };
            if (workload.Consoles < 1 || workload.Streaming <= TimeSpan.Zero || workload.BurstingShare is <= 0 or > 1 || workload.TrickleInterval <= TimeSpan.Zero || workload.QuietPeriod <= TimeSpan.Zero)
            {
                Console.Error.WriteLine("solwatch bench capture: --consoles, --seconds, --trickle-seconds and --quiet-ms must be > 0 and --bursting in (0, 1]");
                return ExitCodes.Error;
            }
            if (WorkDirProblem(workload.WorkDirectory) is { } problem)
            {
                Console.Error.WriteLine($"solwatch bench capture: {problem}");
                return ExitCodes.Error;
            }
            try
            {
                CaptureBenchReport report = await CaptureBench.RunAsync(workload, Console.Out, ct);
                report.Print(Console.Out);
                return report.LinesLost == 0 && report.RawBytesLost == 0 && report.PanicsWithoutIncident == 0 ? ExitCodes.Ok : ExitCodes.Error;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                Console.Error.WriteLine($"solwatch bench capture: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return capture;
    }

    private static int Run(ScanBenchOptions options)
    {
        if (options.Problem() is { } problem)
        {
            Console.Error.WriteLine($"solwatch bench scan: {problem}");
            return ExitCodes.Error;
        }
        string dir = options.WorkDir ?? Directory.CreateTempSubdirectory("solwatch-bench-").FullName;
        string[] inputs = BenchInputs.Write(dir, options.CorpusDir, (long)options.SizeMb << 20);
        Console.WriteLine($"inputs in {dir}");
        if (options.Cold)
        {
            try
            {
                ColdScanBench.Run(options.Executable!, dir, inputs, options.Runs).Print(Console.Out);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                Console.Error.WriteLine($"solwatch bench scan --cold: {e.Message}");
                return ExitCodes.Error;
            }
        }
        Console.WriteLine($"warm: one process, best of {options.Runs} runs; one thread; {Environment.ProcessorCount} cores; load {LoadAverage.Now()}; {SolWatch.Parsers.Search.PreScanEngine.Description}");
        Console.WriteLine($"{"input",-28} {"MB",6} {"solwatch MB/s",14} {"reports",8} {"grep -c -F MB/s",16} {"grep/solwatch",14} {"alloc B/B",10} {"GCs 0/1/2",10} {"GC pause",9}");
        foreach (string file in inputs)
        {
            double mb = new FileInfo(file).Length / 1048576.0;
            ScanRun scan = Best(options.Runs, () => ScanOnce(file), r => r.Seconds);
            double grepSeconds = Best(options.Runs, () => GrepPeer.Run(file).WallSeconds, s => s);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file),-28} {mb,6:F0} {mb / scan.Seconds,14:F1} {scan.Reports,8} {mb / grepSeconds,16:F1} {scan.Seconds / grepSeconds,13:F1}x {scan.AllocatedBytes / (mb * 1048576),10:F1} {scan.Collections,10} {scan.GcPause / scan.Seconds,9:P0}"));
        }
        KdumpCost.Print(inputs, options.KdumpRuns, Console.Out);
        return ExitCodes.Ok;
    }

    /// <summary>What is wrong with <c>--work-dir</c>, or null (unset: a temporary directory is made).</summary>
    internal static string? WorkDirProblem(string? workDir) =>
        workDir is null || Directory.Exists(workDir) ? null
        : File.Exists(workDir) ? $"--work-dir {workDir}: a file, not a directory"
        : $"--work-dir {workDir}: no such directory (create it, or leave --work-dir out for a temporary one)";

    private static T Best<T>(int runs, Func<T> once, Func<T, double> seconds)
    {
        T best = once();
        for (int i = 1; i < runs; i++)
        {
            T run = once();
            if (seconds(run) < seconds(best))
            {
                best = run;
            }
        }
        return best;
    }

    // What one scan cost: its time, and what it allocated and collected (the garbage collector's share of a scan is
    // large enough on crash-dense input to be worth watching).
    private sealed record ScanRun(double Seconds, long Reports, long AllocatedBytes, string Collections, double GcPause);

    private static ScanRun ScanOnce(string file)
    {
        long reports = 0;
        using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan paused = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        StreamScanner.Scan(input, (CrashReport _) => reports++);
        double seconds = clock.Elapsed.TotalSeconds;
        string gcs = string.Join('/', collections.Select((before, gen) => GC.CollectionCount(gen) - before));
        return new ScanRun(seconds, reports, GC.GetAllocatedBytesForCurrentThread() - allocated, gcs, (GC.GetTotalPauseDuration() - paused).TotalSeconds);
    }
}
