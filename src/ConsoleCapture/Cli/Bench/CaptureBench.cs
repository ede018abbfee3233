using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SolWatch.ConsoleCapture.Collectors.Tcp;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;
using SolWatch.ConsoleCapture.Hosting;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.ConsoleCapture.Supervision;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// <c>solwatch bench capture</c>: N consoles streaming at once over loopback into the daemon's own pipeline
/// (<see cref="CapturePipeline"/>: supervisors, tcp collectors, sessions, transcript and incident stores in a
/// temporary directory), measuring memory per idle console, CPU while streaming, lines lost, and the time from a
/// panic's last line to its incident being stored.
/// </summary>
internal static class CaptureBench
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the benchmark; <paramref name="progress"/> gets one line per phase.</summary>
    public static async Task<CaptureBenchReport> RunAsync(CaptureBenchOptions workload, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(progress);
        long? fileLimit = OpenFileLimit();
        // Per console: the daemon's socket, the sender's socket, a listener until accepted, the transcript file.
        long needed = (4L * workload.Consoles) + 256;
        if (fileLimit is { } limit && limit < needed)
        {
            throw new InvalidOperationException(
                $"the open-file limit is {limit}, {workload.Consoles} consoles need about {needed}: run `ulimit -n {needed}` (as root, or raise the hard limit in /etc/security/limits.conf) or pass fewer --consoles");
        }
        string dir = workload.WorkDirectory ?? Directory.CreateTempSubdirectory("solwatch-bench-capture-").FullName;
        try
        {
            return await RunInAsync(workload, dir, fileLimit, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (workload.WorkDirectory is null)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static async Task<CaptureBenchReport> RunInAsync(
        CaptureBenchOptions workload, string dir, long? fileLimit, TextWriter progress, CancellationToken cancellationToken)
    {
        ConsoleText text = ConsoleText.Load();
        static string NameOf(int i) => string.Create(CultureInfo.InvariantCulture, $"bench-{i:D4}");

        // Warm-up: load and JIT the pipeline and LiteDB once, so the baseline does not charge that to the consoles.
        await using (CapturePipeline warm = CapturePipeline.Open(Configure(workload, Path.Combine(dir, "warm-up"), []), NullLoggerFactory.Instance))
        {
            warm.Start();
        }

        await using ConsoleSenders senders = ConsoleSenders.Listen(workload.Consoles);
        var consoles = senders.Ports.Select((port, i) => new ConsoleConfig(
            NameOf(i), NameOf(i), "tcp", ReadOnly: true,
            new CollectorSettings<TcpCollectorOptions>(new TcpCollectorOptions("127.0.0.1", port), $"tcp 127.0.0.1:{port}", o => new TcpCollector(o)),
            Problem: null, RawTranscript: workload.RawTranscripts)).ToImmutableArray();
        (long baseManaged, long baseRss) = MeasureMemory();

        CapturePipeline pipeline = CapturePipeline.Open(Configure(workload, Path.Combine(dir, "run"), consoles), NullLoggerFactory.Instance);
        try
        {
            // Only incidents pass the filter; the subscription is what a live view of the daemon would hold.
            using EventSubscription incidents = pipeline.Events.Subscribe(e => e is IncidentStored, capacity: 1 << 20);
            Task accepting = senders.AcceptAllAsync(cancellationToken);
            pipeline.Start();
            await WaitAsync(() => pipeline.Sessions.Values.All(s => s.Status.Connection?.State == ConsoleState.Connected),
                ConnectTimeout, cancellationToken).ConfigureAwait(false);
            await accepting.WaitAsync(ConnectTimeout, cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            (long idleManaged, long idleRss) = MeasureMemory();
            progress.WriteLine($"{workload.Consoles} consoles connected and idle; streaming for {workload.Streaming.TotalSeconds:0.#} s");

            using var stopStarting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stopStarting.CancelAfter(workload.Streaming);
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await senders.StreamAsync(workload, text, NameOf, stopStarting.Token).ConfigureAwait(false);
            await WaitAsync(() => LinesReceived(pipeline) >= senders.LinesSent, DrainTimeout, cancellationToken).ConfigureAwait(false);
            double streamingSeconds = wall.Elapsed.TotalSeconds;
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            long linesReceived = LinesReceived(pipeline);
            progress.WriteLine("streaming done; waiting for the last incidents");

            // Only the times are kept: holding the incidents (context included) would count against the consoles.
            var stored = new List<StoredTimes>();
            PanicBurst[] bursts = [.. senders.Bursts];
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < workload.QuietPeriod + DrainTimeout && Latencies(bursts, stored).Missing > 0)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                tick.CancelAfter(TimeSpan.FromMilliseconds(200));
                try
                {
                    while (await incidents.Reader.WaitToReadAsync(tick.Token).ConfigureAwait(false))
                    {
                        while (incidents.Reader.TryRead(out DaemonEvent? e))
                        {
                            Storage.Incidents.Incident incident = ((IncidentStored)e).Incident;
                            stored.Add(new StoredTimes(incident.Console, incident.FirstLineAt, incident.StoredAt));
                        }
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Next check.
                }
            }
            (List<TimeSpan> latencies, int missing) = Latencies(bursts, stored);
            await pipeline.Transcripts.FlushAsync(cancellationToken).ConfigureAwait(false);
            Storage.Transcripts.TranscriptHealth transcripts = pipeline.Transcripts.Health();
            // Quiet again: every console has had its quiet-period flush (context trimmed), so this is what consoles
            // that have printed something hold at rest.
            await Task.Delay(workload.QuietPeriod + TimeSpan.FromSeconds(1.5), cancellationToken).ConfigureAwait(false);
            (long afterManaged, long afterRss) = MeasureMemory();
            latencies.Sort();
            return new CaptureBenchReport(
                workload,
                BurstingConsoles: (workload.Consoles + Stride(workload) - 1) / Stride(workload),
                ManagedBytesPerIdleConsole: (double)(idleManaged - baseManaged) / workload.Consoles,
                RssBytesPerIdleConsole: (double)(idleRss - baseRss) / workload.Consoles,
                ManagedBytesPerConsoleAfter: (double)(afterManaged - baseManaged) / workload.Consoles,
                RssBytesPerConsoleAfter: (double)(afterRss - baseRss) / workload.Consoles,
                CpuShare: cpu.TotalSeconds / streamingSeconds,
                StreamingSeconds: streamingSeconds,
                LinesSent: senders.LinesSent,
                LinesReceived: linesReceived,
                BytesSent: senders.BytesSent,
                Panics: bursts.Length,
                PanicsWithoutIncident: missing,
                IncidentsStored: pipeline.Sessions.Values.Sum(s => s.Status.Incidents),
                LatencyP50: Percentile(latencies, 0.50),
                LatencyP99: Percentile(latencies, 0.99),
                LatencyMax: latencies.Count == 0 ? null : latencies[^1],
                OpenFileLimit: fileLimit,
                LoadAverage: LoadAverage())
            {
                RawBytesWritten = transcripts.RawBytesWritten,
                RawBytesLost = transcripts.RawBytesLost,
            };
        }
        finally
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static int Stride(CaptureBenchOptions w) => Math.Max(1, (int)Math.Round(1 / Math.Max(w.BurstingShare, 1e-9)));

    private static SolwatchConfig Configure(CaptureBenchOptions workload, string dir, ImmutableArray<ConsoleConfig> consoles) => new(
        SourceFile: null,
        new StorageConfig(Path.Combine(dir, "incidents.db"), Path.Combine(dir, "transcripts")),
        new RetentionConfig(TimeSpan.FromDays(1), 64L << 20, TimeSpan.FromDays(1)),
        new IncidentsConfig(ContextLines: 200, workload.QuietPeriod),
        new ApiConfig("127.0.0.1", 0),
        new LoggingConfig(null, "Warning"),
        consoles);

    private static long LinesReceived(CapturePipeline pipeline) => pipeline.Sessions.Values.Sum(s => s.Status.Lines);

    // A panic's latency: from its last line written to the last incident stored from it (a panic can hold more
    // than one report, e.g. an oops and the panic it causes). An incident belongs to the panic of its console
    // that started last before the incident's first line was received.
    private static (List<TimeSpan> Latencies, int Missing) Latencies(PanicBurst[] bursts, List<StoredTimes> stored)
    {
        var latest = new Dictionary<PanicBurst, DateTimeOffset>();
        var byConsole = bursts.GroupBy(b => b.Console, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(b => b.StartedAt).ToArray(), StringComparer.Ordinal);
        foreach (StoredTimes s in stored)
        {
            if (byConsole.TryGetValue(s.Console, out PanicBurst[]? own)
                && own.LastOrDefault(b => b.StartedAt <= s.FirstLineAt) is { } burst)
            {
                latest[burst] = latest.TryGetValue(burst, out DateTimeOffset t) && t > s.StoredAt ? t : s.StoredAt;
            }
        }
        var latencies = latest.Select(kv => kv.Value - kv.Key.LastLineWrittenAt).ToList();
        return (latencies, bursts.Length - latencies.Count);
    }

    private static TimeSpan? Percentile(List<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static (long Managed, long Rss) MeasureMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        long managed = GC.GetTotalMemory(forceFullCollection: true);
        return (managed, ProcStatusKb("VmRSS:") * 1024);
    }

    private static long ProcStatusKb(string key)
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
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

    private static long? OpenFileLimit()
    {
        try
        {
            // "Max open files            524288               524288               files"
            string? line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            string[]? parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts is { Length: >= 4 } && long.TryParse(parts[3], CultureInfo.InvariantCulture, out long soft) ? soft : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"gave up after {timeout.TotalSeconds:0} s (machine overloaded, or consoles could not connect)");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record StoredTimes(string Console, DateTimeOffset FirstLineAt, DateTimeOffset StoredAt);
}
