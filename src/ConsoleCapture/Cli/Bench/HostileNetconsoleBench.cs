using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// <c>solwatch bench hostile-netconsole</c>: a real <c>solwatch run</c> process with a netconsole port (one allowed
/// sender) and a tcp console, both real; its idle RSS is measured, then it is flooded for a while with datagrams
/// from up to a million spoofed source addresses and with fragments from the allowed sender claiming messages of
/// up to 2 GiB. Half way through, both real consoles send a kernel panic (samples/demo-panic.log). The report gives
/// the daemon's peak (VmHWM) and final RSS against its idle RSS, what its listener counted, its log lines, and
/// whether both crashes were stored as incidents.
/// </summary>
internal static class HostileNetconsoleBench
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly IPAddress AllowedSender = IPAddress.Parse("127.0.0.2");
    private const uint SpoofBase = 0x7F100000; // 127.16.0.0/12: 1,048,576 sources, none of them configured

    public static async Task<HostileNetconsoleReport> RunAsync(HostileNetconsoleOptions options, TextWriter progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        string dir = options.WorkDirectory ?? Directory.CreateTempSubdirectory("solwatch-bench-hostile-").FullName;
        Directory.CreateDirectory(dir);
        string[] panic = await File.ReadAllLinesAsync(PanicLog(), ct).ConfigureAwait(false);
        int udpPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        using var tcpConsole = new TcpListener(IPAddress.Loopback, 0);
        tcpConsole.Start();
        string config = WriteConfig(dir, udpPort, ((IPEndPoint)tcpConsole.LocalEndpoint).Port);
        string database = Path.Combine(dir, "data", "incidents.db");
        using var daemon = new DaemonUnderTest(options.DaemonPath ?? Environment.ProcessPath ?? "solwatch", config, options.HeapLimitMb);
        try
        {
            progress.WriteLine($"daemon pid {daemon.Pid}: netconsole on udp 127.0.0.1:{udpPort} (sender {AllowedSender}), tcp console on {tcpConsole.LocalEndpoint}; work dir {dir}");
            using HttpClient api = await ConnectAsync(database, daemon, ct).ConfigureAwait(false);
            using TcpClient tcpPeer = await tcpConsole.AcceptTcpClientAsync(ct).AsTask().WaitAsync(Patience, ct).ConfigureAwait(false);
            await WaitConnectedAsync(api, daemon, ct).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(3), ct).ConfigureAwait(false);
            long idle = ProcStatusKb(daemon.Pid, "VmRSS:") * 1024;
            progress.WriteLine($"idle RSS {idle / 1048576.0:0.0} MB; flooding for {options.Flood.TotalSeconds:0} s at {options.DatagramsPerSecond:N0} datagrams/s");

            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            long peakSampled = 0;
            Task sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peakSampled = Math.Max(peakSampled, ProcStatusKb(daemon.Pid, "VmRSS:") * 1024);
                    await Task.Delay(250, CancellationToken.None).ConfigureAwait(false);
                }
            }, CancellationToken.None);

            var wall = Stopwatch.StartNew();
            Task<(long Spoofed, long Huge, string Method)> flood = Task.Run(() => Flood(options, udpPort, ct), ct);
            await Task.Delay(options.Flood / 2, ct).ConfigureAwait(false);
            progress.WriteLine("half way: both real consoles send a kernel panic");
            await SendPanicAsync(panic, udpPort, tcpPeer.GetStream(), ct).ConfigureAwait(false);
            (long spoofed, long huge, string method) = await flood.ConfigureAwait(false);
            double seconds = wall.Elapsed.TotalSeconds;
            long final = ProcStatusKb(daemon.Pid, "VmRSS:") * 1024;
            long peak = Math.Max(ProcStatusKb(daemon.Pid, "VmHWM:") * 1024, peakSampled);
            await sampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);

            progress.WriteLine("flood over; waiting for the incidents");
            IReadOnlyList<(string, int)> captured = await WaitForIncidentsAsync(api, daemon, ["real-netconsole", "real-tcp"], ct).ConfigureAwait(false);
            // A daemon without listener counters (an older build) reports -1 for them and is not counted as listening.
            JsonElement? listener = daemon.HasExited ? null
                : (await GetAsync(api, "/api/health", ct).ConfigureAwait(false)).TryGetProperty("netconsole", out JsonElement all) && all.GetArrayLength() > 0 ? all[0] : null;
            long Counter(string name) => listener is { } l ? l.GetProperty(name).GetInt64() : -1;
            string log = daemon.Output;
            return new HostileNetconsoleReport(
                options, method, seconds, spoofed, Math.Min(spoofed, options.SpoofedSenders), huge, idle, peak, final,
                Counter("datagrams"), Counter("droppedOversized"), Counter("unknownSenderDatagrams"), Counter("decodeFailures"),
                listener is { } ll && ll.GetProperty("listening").GetBoolean(), !daemon.HasExited,
                CountLines(log, "belong to no configured console"), CountLines(log, "distinct unknown senders"), captured);
        }
        finally
        {
            daemon.Stop();
            if (options.WorkDirectory is null)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>The hostile traffic, paced to the rate; returns (spoofed datagrams, huge fragments, method).</summary>
    private static (long, long, string) Flood(HostileNetconsoleOptions options, int port, CancellationToken ct)
    {
        using var sender = new SpoofedUdpSender(port);
        uint allowed = 0x7F000002;
        byte[] stranger = "<4>[ 1234.567890] spoofed netconsole datagram\n"u8.ToArray();
        int everyAllowed = options.AllowedSenderShare > 0 ? Math.Max(1, (int)Math.Round(1 / options.AllowedSenderShare)) : int.MaxValue;
        string[] totals = ["2000000000", "2147483647", "16385", "1000000"];
        long spoofed = 0, huge = 0, sent = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < options.Flood && !ct.IsCancellationRequested)
        {
            // Pace in batches of a millisecond's worth.
            long due = (long)(clock.Elapsed.TotalSeconds * options.DatagramsPerSecond);
            if (sent >= due)
            {
                Thread.Sleep(1);
                continue;
            }
            for (; sent < due; sent++)
            {
                if (sent % everyAllowed == 0)
                {
                    string total = totals[huge % totals.Length];
                    sender.Send(allowed, 6665, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"0,{huge + 100000},1000,-,ncfrag=0/{total};x")));
                    huge++;
                }
                else
                {
                    uint source = SpoofBase + (uint)(spoofed % options.SpoofedSenders);
                    sender.Send(source, (ushort)(1024 + (spoofed % 60000)), stranger);
                    spoofed++;
                }
            }
        }
        return (spoofed, huge, sender.Method);
    }

    private static async Task SendPanicAsync(string[] panic, int udpPort, NetworkStream tcp, CancellationToken ct)
    {
        using var netconsole = new UdpClient(new IPEndPoint(AllowedSender, 0));
        var to = new IPEndPoint(IPAddress.Loopback, udpPort);
        byte[] text = Encoding.UTF8.GetBytes(string.Join('\n', panic) + "\n");
        await tcp.WriteAsync(text, ct).ConfigureAwait(false);
        for (int i = 0; i < panic.Length; i++)
        {
            await netconsole.SendAsync(Encoding.UTF8.GetBytes(panic[i] + "\n"), to, ct).ConfigureAwait(false);
            if (i % 20 == 19)
            {
                await Task.Delay(2, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task<IReadOnlyList<(string, int)>> WaitForIncidentsAsync(HttpClient api, DaemonUnderTest daemon, string[] consoles, CancellationToken ct)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (daemon.HasExited)
            {
                return [.. consoles.Select(c => (c, 0))];
            }
            JsonElement incidents = await GetAsync(api, "/api/incidents", ct).ConfigureAwait(false);
            (string, int)[] counts = [.. consoles.Select(c => (c, incidents.EnumerateArray().Count(i => i.GetProperty("console").GetString() == c)))];
            if (counts.All(c => c.Item2 > 0) || DateTime.UtcNow > deadline)
            {
                return counts;
            }
            await Task.Delay(500, ct).ConfigureAwait(false);
        }
    }

    internal static async Task<HttpClient> ConnectAsync(string database, DaemonUnderTest daemon, CancellationToken ct)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        ApiEndpoint? endpoint;
        while ((endpoint = ApiEndpoint.TryRead(DataPaths.TokenFileFor(database))) is null)
        {
            if (daemon.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the daemon did not start: {daemon.Output}");
            }
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
        var http = new HttpClient { BaseAddress = new Uri(endpoint.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);
        return http;
    }

    internal static async Task WaitConnectedAsync(HttpClient api, DaemonUnderTest daemon, CancellationToken ct)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            JsonElement consoles = await GetAsync(api, "/api/consoles", ct).ConfigureAwait(false);
            if (consoles.EnumerateArray().All(c => c.GetProperty("state").GetString() == "Connected"))
            {
                return;
            }
            if (daemon.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the consoles did not connect: {consoles}");
            }
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string path, CancellationToken ct) =>
        JsonSerializer.Deserialize<JsonElement>(await api.GetStringAsync(new Uri(path, UriKind.Relative), ct).ConfigureAwait(false));

    private static string WriteConfig(string dir, int udpPort, int tcpPort)
    {
        string path = Path.Combine(dir, "solwatch.yaml");
        File.WriteAllText(path, $"""
            storage:
              database: data/incidents.db
              transcripts: data/transcripts
            incidents:
              quietPeriod: 2s
            api:
              port: 0
            logging:
              directory: logs
            consoles:
              - name: real-netconsole
                type: netconsole
                sender: {AllowedSender}
                listen: 127.0.0.1
                port: {udpPort}
              - name: real-tcp
                type: tcp
                address: 127.0.0.1
                port: {tcpPort}
            """);
        return path;
    }

    private static string PanicLog()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "samples", "demo-panic.log");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new InvalidOperationException("samples/demo-panic.log not found above the current directory or the solwatch binary; run the bench from the repository");
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var s = new Socket(AddressFamily.InterNetwork, type, protocol);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private static int CountLines(string text, string what) =>
        text.Split('\n').Count(l => l.Contains(what, StringComparison.Ordinal));

    // A value of /proc/PID/status in kB ("VmRSS:   1234 kB"); 0 when the process is gone.
    private static long ProcStatusKb(int pid, string key)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
