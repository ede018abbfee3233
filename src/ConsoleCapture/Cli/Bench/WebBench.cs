using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// <c>solwatch bench web</c>: a real <c>solwatch run</c> with N tcp consoles, each fed by a real local peer
/// (<see cref="WebBenchPeers"/>); a baseline, then a panic storm (a share of the consoles printing the real demo
/// capture's kernel panic at serial speed, over and over). All along, the console list is requested over the API and
/// as the dashboard gets it (<see cref="WebProbes"/>) and timed to its first byte, and a few watched consoles' stamped
/// lines are followed on their tail streams and on the dashboard's event stream: their lag and any line lost.
/// </summary>
internal static class WebBench
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IncidentPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    public static async Task<WebBenchReport> RunAsync(WebBenchOptions options, TextWriter progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        string dir = options.WorkDirectory ?? Directory.CreateTempSubdirectory("solwatch-bench-web-").FullName;
        try
        {
            return await RunInAsync(options, dir, progress, ct).ConfigureAwait(false);
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>The solwatch executable next to this assembly (an apphost), else this process's own.</summary>
    public static string DefaultDaemon()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "solwatch");
        return File.Exists(beside) ? beside : Environment.ProcessPath ?? "solwatch";
    }

    private static string NameOf(int i) => string.Create(CultureInfo.InvariantCulture, $"bench-{i:D4}");

    private static async Task<WebBenchReport> RunInAsync(WebBenchOptions options, string dir, TextWriter progress, CancellationToken ct)
    {
        ConsoleText text = ConsoleText.Load();
        int n = options.Consoles;
        int[] watched = [.. Enumerable.Range(0, options.Watched).Select(w => (int)((long)w * n / options.Watched))];
        var watchedIndex = watched.Select((peer, w) => (peer, w)).ToDictionary(x => NameOf(x.peer), x => x.w, StringComparer.Ordinal);
        int stride = Math.Max(1, (int)Math.Round(1 / options.StormShare));
        int[] crashing = [.. Enumerable.Range(0, n).Where(i => i % stride == stride - 1 && !watched.Contains(i))];

        await using WebBenchPeers peers = WebBenchPeers.Listen(n, options.Watched);
        string config = WriteConfig(dir, peers.Ports);
        using var daemon = new DaemonUnderTest(options.DaemonPath ?? DefaultDaemon(), config, heapLimitMb: null);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task accepting = peers.AcceptAllAsync(cancel.Token);
        progress.WriteLine($"daemon pid {daemon.Pid}, {n} tcp consoles; work dir {dir}");
        using HttpClient api = await HostileNetconsoleBench.ConnectAsync(Path.Combine(dir, "data", "incidents.db"), daemon, ct).ConfigureAwait(false);
        api.Timeout = TimeSpan.FromSeconds(120);
        await accepting.WaitAsync(TimeSpan.FromSeconds(300), ct).ConfigureAwait(false);
        await HostileNetconsoleBench.WaitConnectedAsync(api, daemon, ct).ConfigureAwait(false);
        using WebProbes probes = await WebProbes.LoginAsync(api, ct).ConfigureAwait(false);
        progress.WriteLine($"all {n} consoles connected; logged in with a one-time link; {options.Baseline.TotalSeconds:0} s baseline, then {crashing.Length} consoles crash for {options.Storm.TotalSeconds:0} s");

        // The live views: a tail stream per watched console, and one dashboard event stream, open from the start.
        using var stopViews = new CancellationTokenSource();
        var tailLag = new ConcurrentQueue<TimeSpan>();
        var tailSeen = watched.Select(_ => new ConcurrentDictionary<long, byte>()).ToArray();
        var rowLag = new ConcurrentQueue<TimeSpan>();
        var rowLast = new long[options.Watched];
        TaskCompletionSource[] open = [.. Enumerable.Range(0, options.Watched + 1).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        List<Task> views = [.. watched.Select((peer, w) => probes.TailAsync(NameOf(peer), line =>
        {
            if (WebBenchPeers.ReadStamp(line) is { } s && tailSeen[w].TryAdd(s.Seq, 0))
            {
                tailLag.Enqueue(Stopwatch.GetElapsedTime(s.Timestamp));
            }
        }, open[w], stopViews.Token))];
        views.Add(probes.DashboardAsync(rows =>
        {
            foreach (JsonElement row in rows.EnumerateArray())
            {
                if (watchedIndex.TryGetValue(row.GetProperty("name").GetString()!, out int w)
                    && row.TryGetProperty("lastLine", out JsonElement last) && last.ValueKind == JsonValueKind.String
                    && WebBenchPeers.ReadStamp(last.GetString()) is { } s && s.Seq > rowLast[w])
                {
                    rowLast[w] = s.Seq;
                    rowLag.Enqueue(Stopwatch.GetElapsedTime(s.Timestamp));
                }
            }
        }, open[^1], stopViews.Token));
        // The peers start once every view is subscribed, so each stamped line is one a view owes.
        await Task.WhenAll(open.Select(o => o.Task)).WaitAsync(TimeSpan.FromSeconds(120), ct).ConfigureAwait(false);

        using var stopPeers = new CancellationTokenSource();
        using var stopStorm = new CancellationTokenSource();
        List<Task> feeding = [.. Enumerable.Range(0, n).Where(i => !watched.Contains(i) && !crashing.Contains(i))
            .Select(i => peers.TrickleAsync(i, text, options.TrickleInterval, stopPeers.Token))];
        feeding.AddRange(watched.Select((peer, w) => peers.StampAsync(peer, w, options.StampInterval, stopPeers.Token)));
        string phase = "baseline";
        using var stopSampling = new CancellationTokenSource();
        Task sampling = probes.SampleAsync(options.SampleInterval, () => Volatile.Read(ref phase), stopSampling.Token);

        await Task.Delay(options.Baseline, ct).ConfigureAwait(false);
        Volatile.Write(ref phase, "storm");
        (TimeSpan cpu0, double load0) = (DaemonCpu(daemon.Pid), Load());
        var wall = Stopwatch.StartNew();
        stopStorm.CancelAfter(options.Storm);
        Task storm = Task.WhenAll(crashing.Select(i => peers.CrashAsync(i, text, options.BytesPerSecond, Quiet + TimeSpan.FromSeconds(1), stopStorm.Token)));
        await storm.WaitAsync(ct).ConfigureAwait(false);
        double stormSeconds = wall.Elapsed.TotalSeconds;
        double daemonCores = (DaemonCpu(daemon.Pid) - cpu0).TotalSeconds / stormSeconds;
        double load1 = Load();
        await stopSampling.CancelAsync().ConfigureAwait(false);
        await sampling.ConfigureAwait(false);
        progress.WriteLine($"storm over: {peers.Panics} panics sent; draining the live views");

        await stopPeers.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(feeding).ConfigureAwait(false);
        long[] stamped = [.. Enumerable.Range(0, options.Watched).Select(peers.Stamped)];
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < Drain + TimeSpan.FromSeconds(2)
               && Enumerable.Range(0, options.Watched).Any(w => tailSeen[w].Count < stamped[w] || Volatile.Read(ref rowLast[w]) < stamped[w]))
        {
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        await stopViews.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(views).ConfigureAwait(false);
        long tailLost = Enumerable.Range(0, options.Watched).Sum(w => stamped[w] - tailSeen[w].Keys.Count(k => k <= stamped[w]));
        for (int w = 0; w < options.Watched; w++)
        {
            long[] missing = [.. Enumerable.Range(1, (int)stamped[w]).Select(i => (long)i).Where(i => !tailSeen[w].ContainsKey(i)).Take(10)];
            if (missing.Length > 0)
            {
                progress.WriteLine($"{NameOf(watched[w])}: tail stream lost stamped lines {string.Join(", ", missing)}{(missing.Length == 10 ? ", ..." : "")} of 1-{stamped[w]}");
            }
        }
        int rowsBehind = Enumerable.Range(0, options.Watched).Count(w => rowLast[w] < stamped[w]);

        (long incidents, int crashedWithout) = await WaitForIncidentsAsync(api, crashing.Select(NameOf).ToHashSet(StringComparer.Ordinal), peers.Panics, ct).ConfigureAwait(false);
        return new WebBenchReport(
            options, crashing.Length, [.. probes.Samples], [.. tailLag], tailLost, stamped.Sum(), [.. rowLag], rowsBehind,
            peers.Panics, incidents, crashedWithout, stormSeconds, daemonCores, load0, load1, Environment.ProcessorCount, !daemon.HasExited);
    }

    // Incidents stored (all consoles) and crashing consoles without one, once every panic has one or patience runs out.
    private static async Task<(long Incidents, int CrashedWithout)> WaitForIncidentsAsync(HttpClient api, HashSet<string> crashing, int panics, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            JsonElement consoles = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/consoles", UriKind.Relative), ct).ConfigureAwait(false)).RootElement;
            long incidents = 0;
            int without = 0;
            foreach (JsonElement c in consoles.EnumerateArray())
            {
                long count = c.GetProperty("incidents").GetInt64();
                incidents += count;
                without += crashing.Contains(c.GetProperty("name").GetString()!) && count == 0 ? 1 : 0;
            }
            if ((incidents >= panics && without == 0) || clock.Elapsed > IncidentPatience)
            {
                return (incidents, without);
            }
            await Task.Delay(500, ct).ConfigureAwait(false);
        }
    }

    private static string WriteConfig(string dir, IReadOnlyList<int> ports)
    {
        var yaml = new StringBuilder("""
            storage:
              database: data/incidents.db
              transcripts: data/transcripts
            incidents:
              quietPeriod: 1s
            api:
              port: 0
            logging:
              directory: logs
            consoles:

            """);
        for (int i = 0; i < ports.Count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: {NameOf(i)}\n    type: tcp\n    address: 127.0.0.1\n    port: {ports[i]}\n");
        }
        string path = Path.Combine(dir, "solwatch.yaml");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    // utime + stime of the daemon (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s on Linux).
    private static TimeSpan DaemonCpu(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return TimeSpan.FromSeconds((long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / 100.0);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    private static double Load() =>
        double.TryParse(LoadAverage.Now(), NumberStyles.Float, CultureInfo.InvariantCulture, out double l) ? l : double.NaN;
}
