using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
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
    private static readonly string[] GrepMarkers =
        ["BUG:", "WARNING:", "INFO:", "Kernel panic", "general protection fault", "Unable to handle kernel", "kernel BUG", "invalid opcode:", "Internal error:"];

    public static Command Create()
    {
        var corpus = new Option<string?>("--corpus") { Description = "directory of crash logs for input (a); default ../shared/corpus/syzkaller" };
        var sizeMb = new Option<int>("--size-mb") { Description = "size of each input file", DefaultValueFactory = _ => 64 };
        var runs = new Option<int>("--runs") { Description = "timed runs of each (the best is reported)", DefaultValueFactory = _ => 3 };
        var work = new Option<string?>("--work-dir") { Description = "where the input files are written; default a temporary directory" };
        var kdumpRuns = new Option<int>("--kdump-runs") { Description = "alternating runs of detector alone and scan+kdump (the median is reported)", DefaultValueFactory = _ => 5 };
        var scan = new Command("scan", "Scan throughput against grep -c -F on the same files, and what kdump costs the scanner.") { corpus, sizeMb, runs, work, kdumpRuns };
        scan.SetAction((p, ct) => Task.FromResult(Run(p.GetValue(corpus), p.GetValue(sizeMb), p.GetValue(runs), p.GetValue(work), p.GetValue(kdumpRuns))));
        return new Command("bench", "Measure SolWatch against a peer on this machine.") { scan, CaptureCommand(), BmcBenchCommand.Create(), HostileNetconsoleCommand.Create() };
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

    private static int Run(string? corpusDir, int sizeMb, int runs, string? workDir, int kdumpRuns)
    {
        corpusDir ??= Path.Combine("..", "shared", "corpus", "syzkaller");
        if (!Directory.Exists(corpusDir))
        {
            Console.Error.WriteLine($"solwatch bench: {corpusDir}: no such directory; pass --corpus DIR (a folder of console logs)");
            return ExitCodes.Error;
        }
        if (sizeMb < 1 || runs < 1 || kdumpRuns < 1)
        {
            Console.Error.WriteLine("solwatch bench scan: --size-mb, --runs and --kdump-runs must be at least 1");
            return ExitCodes.Error;
        }
        if (WorkDirProblem(workDir) is { } problem)
        {
            Console.Error.WriteLine($"solwatch bench scan: {problem}");
            return ExitCodes.Error;
        }
        string dir = workDir ?? Directory.CreateTempSubdirectory("solwatch-bench-").FullName;
        long size = (long)sizeMb << 20;
        string crashes = Path.Combine(dir, "a-crash-corpus.log");
        string ordinary = Path.Combine(dir, "b-boot-and-service.log");
        WriteRepeated(crashes, CorpusBytes(corpusDir), size);
        WriteRepeated(ordinary, OrdinaryBytes(), size);
        Console.WriteLine($"inputs in {dir}; best of {runs} runs; one thread; {Environment.ProcessorCount} cores; load {LoadAverage()}");
        Console.WriteLine($"{"input",-28} {"MB",6} {"solwatch MB/s",14} {"reports",8} {"grep -c -F MB/s",16} {"grep/solwatch",14} {"alloc B/B",10} {"GCs 0/1/2",10} {"GC pause",9}");
        foreach (string file in (string[])[crashes, ordinary])
        {
            double mb = new FileInfo(file).Length / 1048576.0;
            ScanRun scan = Best(runs, () => ScanOnce(file), r => r.Seconds);
            (double grepSeconds, long _) = Best(runs, () => GrepOnce(file), r => r.Item1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file),-28} {mb,6:F0} {mb / scan.Seconds,14:F1} {scan.Reports,8} {mb / grepSeconds,16:F1} {scan.Seconds / grepSeconds,13:F1}x {scan.AllocatedBytes / (mb * 1048576),10:F1} {scan.Collections,10} {scan.GcPause / scan.Seconds,9:P0}"));
        }
        KdumpCost.Print([crashes, ordinary], kdumpRuns, Console.Out);
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

    private static (double, long) GrepOnce(string file)
    {
        var psi = new ProcessStartInfo("grep") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("-F");
        foreach (string m in GrepMarkers)
        {
            psi.ArgumentList.Add("-e");
            psi.ArgumentList.Add(m);
        }
        psi.ArgumentList.Add(file);
        var clock = Stopwatch.StartNew();
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("grep did not start");
        string count = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (clock.Elapsed.TotalSeconds, long.TryParse(count.Trim(), CultureInfo.InvariantCulture, out long c) ? c : -1);
    }

    private static byte[] CorpusBytes(string dir)
    {
        using var all = new MemoryStream();
        foreach (string f in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            all.Write(File.ReadAllBytes(f));
            all.WriteByte((byte)'\n');
        }
        return all.ToArray();
    }

    // Ordinary logs: the boot of the real capture shipped with SolWatch (up to its crash) and service chatter in the
    // forms consoles and syslog show it, with varying numbers so no two lines are alike.
    private static byte[] OrdinaryBytes()
    {
        using Stream demo = Assembly.GetExecutingAssembly().GetManifestResourceStream("SolWatch.demo-panic.log")
                            ?? throw new InvalidOperationException("the embedded demo capture is missing");
        using var reader = new StreamReader(demo);
        var sb = new StringBuilder();
        string? line;
        while ((line = reader.ReadLine()) is not null && !line.Contains(ConsoleText.CrashStartMarker, StringComparison.Ordinal))
        {
            sb.Append(line).Append('\n');
        }
        for (int i = 0; i < 4000; i++)
        {
            double t = 3 + (i * 0.0137);
            sb.Append(CultureInfo.InvariantCulture, $"[{t,12:F6}] systemd[1]: Started session-{i}.scope - Session {i} of User app.\n");
            sb.Append(CultureInfo.InvariantCulture, $"Nov 26 08:{i % 60:D2}:{i % 59:D2} web-{i % 17} sshd[{1000 + i}]: Accepted publickey for deploy from 10.1.{i % 250}.{i % 199} port {40000 + i} ssh2\n");
            sb.Append(CultureInfo.InvariantCulture, $"[{t + 0.001,12:F6}] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx\n");
            sb.Append(CultureInfo.InvariantCulture, $"[{t + 0.002,12:F6}] EXT4-fs (sda{i % 4}): mounted filesystem {i:x8}-0000 with ordered data mode. Quota mode: none.\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void WriteRepeated(string path, byte[] chunk, long size)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long n = 0; n < size; n += chunk.Length)
        {
            f.Write(chunk);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
