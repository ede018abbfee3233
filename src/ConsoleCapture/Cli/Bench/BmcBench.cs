using System.Diagnostics;
using System.Globalization;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// <c>solwatch bench bmc</c>: N lab BMCs (ipmi_sim, no VM; the bench writes into each one's serial port) held
/// (A) by one process of native <see cref="IpmiSolCollector"/>s sharing one <see cref="RmcpEndpoint"/>, then
/// (B) by one <c>ipmitool sol activate</c> process per console; the same numbered console stream in both, and
/// memory, CPU and bytes delivered (checked byte for byte) measured side by side.
/// </summary>
internal static class BmcBench
{
    private static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Runs both phases; the BMCs are brought down at the end, also on failure.</summary>
    public static async Task<BmcBenchReport> RunAsync(BmcBenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var lab = new BmcLab(options);
        try
        {
            progress.WriteLine($"starting {options.Bmcs} lab BMCs (instances {options.FirstInstance}-{options.FirstInstance + options.Bmcs - 1}, LAB_WORK={options.LabWork})");
            await lab.UpAsync(cancellationToken).ConfigureAwait(false);
            byte[] stream = SerialFeeds.MakeStream((long)(options.BytesPerSecond * options.Streaming.TotalSeconds));
            using SerialFeeds feeds = SerialFeeds.Open(lab.Instances.Select(lab.TtyVmOf));

            progress.WriteLine("phase A: solwatch, native SOL collectors in this process");
            await WarmUpAsync(lab, feeds, stream, cancellationToken).ConfigureAwait(false);
            BmcPhaseResult ours = await RunSolWatchAsync(options, lab, feeds, stream, progress, cancellationToken).ConfigureAwait(false);
            await lab.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);

            progress.WriteLine("phase B: one ipmitool sol activate per console");
            BmcPhaseResult peer = await RunIpmitoolAsync(options, lab, feeds, stream, progress, cancellationToken).ConfigureAwait(false);
            await lab.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
            return new BmcBenchReport(options, ours, peer, LoadAverage());
        }
        finally
        {
            await lab.DownAsync().ConfigureAwait(false);
        }
    }

    // One collector attached and released first, so the baseline is measured with the IPMI code and its crypto
    // already loaded and JIT-compiled: that one-time cost is not the consoles'.
    private static async Task WarmUpAsync(BmcLab lab, SerialFeeds feeds, byte[] stream, CancellationToken cancellationToken)
    {
        using var endpoint = new RmcpEndpoint();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int first = lab.Instances[0];
        var check = new StreamCheck(stream);
        Task run = new IpmiSolCollector(SolOptions(first), endpoint).RunAsync(new CheckSink(check), stop.Token);
        StreamCheck[] others = [.. lab.Instances.Skip(1).Select(_ => AlwaysAttached(stream))];
        await feeds.ProbeUntilAttachedAsync([check, .. others], AttachTimeout, cancellationToken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await run.ConfigureAwait(false);
    }

    private static StreamCheck AlwaysAttached(byte[] stream)
    {
        var c = new StreamCheck(stream);
        c.Push(StreamCheck.Probe);
        return c;
    }

    private static IpmiSolOptions SolOptions(int n) => new()
    {
        Session = new IpmiSessionOptions
        {
            Host = "127.0.0.1",
            Port = BmcLab.PortOf(n),
            UserName = "admin",
            Password = "labpass",
            CipherSuites = [3], // ipmi_sim 2.0.33 does not support suite 17
        },
    };

    private static async Task<BmcPhaseResult> RunSolWatchAsync(
        BmcBenchOptions options, BmcLab lab, SerialFeeds feeds, byte[] stream, TextWriter progress, CancellationToken cancellationToken)
    {
        int n = options.Bmcs;
        (long baseManaged, long baseRss) = MeasureMemory();
        int baseThreads = ThreadCount();
        using var endpoint = new RmcpEndpoint();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        StreamCheck[] checks = [.. lab.Instances.Select(_ => new StreamCheck(stream))];
        Task[] runs = [.. lab.Instances.Select((bmc, i) => RunCollectorAsync(new IpmiSolCollector(SolOptions(bmc), endpoint), checks[i], stop.Token))];
        try
        {
            await feeds.ProbeUntilAttachedAsync(checks, AttachTimeout, cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false); // late probes land before counting starts
            (long _, long idleRss) = MeasureMemory();
            foreach (StreamCheck c in checks)
            {
                c.Arm();
            }
            progress.WriteLine($"  {n} consoles attached; streaming {stream.Length} bytes into each");
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await StreamAndDrainAsync(feeds, stream, options.BytesPerSecond, checks, cancellationToken).ConfigureAwait(false);
            double seconds = wall.Elapsed.TotalSeconds;
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            int threads = ThreadCount() - baseThreads;
            (long managed, long rss) = MeasureMemory();
            return new BmcPhaseResult("solwatch", feeds.Written.Sum(), checks.Sum(c => c.Received), Intact(checks, stream),
                cpu.TotalSeconds, seconds, (double)(idleRss - baseRss) / n, (double)(rss - baseRss) / n, null, (double)(managed - baseManaged) / n, threads, feeds.WriterCpuSeconds, null);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task RunCollectorAsync(IpmiSolCollector collector, StreamCheck check, CancellationToken cancellationToken)
    {
        // As the supervisor does: a lost session is opened again until the bench stops.
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await collector.RunAsync(new CheckSink(check), cancellationToken).ConfigureAwait(false);
            }
            catch (IpmiException e)
            {
                Console.Error.WriteLine($"solwatch bench bmc: {collector.Endpoint}: {e.Message}; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task<BmcPhaseResult> RunIpmitoolAsync(
        BmcBenchOptions options, BmcLab lab, SerialFeeds feeds, byte[] stream, TextWriter progress, CancellationToken cancellationToken)
    {
        int n = options.Bmcs;
        StreamCheck[] checks = [.. lab.Instances.Select(_ => new StreamCheck(stream))];
        var peers = new List<Process>();
        var readers = new List<Task>();
        try
        {
            foreach ((int bmc, int i) in lab.Instances.Select((b, i) => (b, i)))
            {
                // stdbuf -oL: ipmitool does not flush its stdout when it is not a tty; stdbuf exec's it (same PID).
                var psi = new ProcessStartInfo("stdbuf") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (string a in (string[])["-oL", "ipmitool", .. BmcLab.IpmitoolArgs(bmc), "sol", "activate"])
                {
                    psi.ArgumentList.Add(a);
                }
                Process p = Process.Start(psi) ?? throw new InvalidOperationException("ipmitool did not start");
                peers.Add(p);
                readers.Add(ReadAllAsync(p.StandardOutput.BaseStream, checks[i]));
                readers.Add(p.StandardError.ReadToEndAsync(CancellationToken.None));
            }
            await feeds.ProbeUntilAttachedAsync(checks, AttachTimeout, cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            long idleRss = peers.Sum(p => ProcStatusKb(p.Id, "VmRSS:")) * 1024;
            foreach (StreamCheck c in checks)
            {
                c.Arm();
            }
            progress.WriteLine($"  {n} ipmitool processes attached; streaming {stream.Length} bytes into each");
            long ticks0 = peers.Sum(CpuTicks);
            TimeSpan self0 = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await StreamAndDrainAsync(feeds, stream, options.BytesPerSecond, checks, cancellationToken).ConfigureAwait(false);
            double seconds = wall.Elapsed.TotalSeconds;
            double cpu = (peers.Sum(CpuTicks) - ticks0) / ClockTicksPerSecond;
            TimeSpan self = Process.GetCurrentProcess().TotalProcessorTime - self0;
            long rss = peers.Sum(p => ProcStatusKb(p.Id, "VmRSS:")) * 1024;
            long pss = peers.Sum(p => ProcKb($"/proc/{p.Id.ToString(CultureInfo.InvariantCulture)}/smaps_rollup", "Pss:")) * 1024;
            int threads = (int)peers.Sum(p => ProcStatusKb(p.Id, "Threads:"));
            return new BmcPhaseResult("ipmitool", feeds.Written.Sum(), checks.Sum(c => c.Received), Intact(checks, stream),
                cpu, seconds, (double)idleRss / n, (double)rss / n, (double)pss / n, null, threads, feeds.WriterCpuSeconds, self.TotalSeconds);
        }
        finally
        {
            foreach (Process p in peers)
            {
                StopPeer(p);
            }
            await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
            foreach (Process p in peers)
            {
                p.Dispose();
            }
        }
    }

    // ipmitool ends at EOF on stdin (it deactivates SOL and closes its session then); killed if it lingers.
    private static void StopPeer(Process p)
    {
        try
        {
            p.StandardInput.Close();
            if (!p.WaitForExit(TimeSpan.FromSeconds(3)))
            {
                p.Kill();
                p.WaitForExit(TimeSpan.FromSeconds(3));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"solwatch bench bmc: stopping ipmitool pid {p.Id}: {e.Message}");
        }
    }

    private static async Task ReadAllAsync(Stream output, StreamCheck check)
    {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = await output.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            check.Push(buffer.AsSpan(0, read));
        }
    }

    private static async Task StreamAndDrainAsync(SerialFeeds feeds, byte[] stream, int rate, StreamCheck[] checks, CancellationToken cancellationToken)
    {
        await Task.Factory.StartNew(() => feeds.Stream(stream, rate, cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        // Done when every console has delivered all it was sent, or has stopped delivering for 3 s (lost bytes).
        long last = -1;
        var still = Stopwatch.StartNew();
        while (clock.Elapsed < DrainTimeout && checks.Any(c => c.Received < stream.Length))
        {
            long now = checks.Sum(c => c.Received);
            if (now != last)
            {
                last = now;
                still.Restart();
            }
            else if (still.Elapsed > TimeSpan.FromSeconds(3))
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    private static int Intact(StreamCheck[] checks, byte[] stream) => checks.Count(c => c.Received == stream.Length && c.FirstMismatch < 0);

    private static (long Managed, long Rss) MeasureMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        long managed = GC.GetTotalMemory(forceFullCollection: true);
        return (managed, ProcStatusKb(Environment.ProcessId, "VmRSS:") * 1024);
    }

    private static int ThreadCount() => (int)ProcStatusKb(Environment.ProcessId, "Threads:");

    // Values of /proc/PID/status or smaps_rollup ("VmRSS:   1234 kB", "Threads:   7"); 0 when the process is gone.
    private static long ProcStatusKb(int pid, string key) => ProcKb($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status", key);

    private static long ProcKb(string file, string key)
    {
        try
        {
            string? line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    // utime + stime (fields 14 and 15 of /proc/PID/stat, counted after the parenthesised command name).
    private static long CpuTicks(Process p)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{p.Id.ToString(CultureInfo.InvariantCulture)}/stat");
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
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

    private sealed class CheckSink(StreamCheck check) : IConsoleSink
    {
        public void OnConnected(string detail)
        {
        }

        public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt) => check.Push(bytes);
    }
}
