using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Netconsole;

/// <summary>
/// The real <c>solwatch run</c> with a netconsole console, fed hostile datagrams over real UDP. The daemon runs
/// with a 512 MiB GC heap limit, as under a systemd MemoryMax: a datagram that could make it allocate gigabytes
/// would kill the listener there, and every console on its port with it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NetconsoleHostileDaemonTests : IDisposable
{
    private static readonly Dictionary<string, string> HeapLimit = new() { ["DOTNET_GCHeapHardLimit"] = "0x20000000" };
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-netconsole-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(SolwatchProcess Daemon, string Database)> StartAsync(IPAddress sender, int port)
    {
        string config = await TestDaemon.WriteConfigAsync(_dir, $"""
              - name: web1
                type: netconsole
                sender: {sender}
                listen: 127.0.0.1
                port: {port}
            """);
        string database = TestDaemon.Database(_dir);
        SolwatchProcess daemon = SolwatchProcess.Start(["run", "--config", config], HeapLimit);
        DateTime ready = DateTime.UtcNow + TestDaemon.Patience;
        while (ApiEndpoint.TryRead(DataPaths.TokenFileFor(database)) is null)
        {
            Assert.False(daemon.HasExited || DateTime.UtcNow > ready, $"the daemon did not start: {daemon.Stdout}\n{daemon.Stderr}");
            await Task.Delay(200);
        }
        await TestDaemon.WaitForConnectedAsync(database, "web1", daemon);
        return (daemon, database);
    }

    private static async Task<JsonElement> HealthAsync(string database)
    {
        ApiEndpoint endpoint = ApiEndpoint.TryRead(DataPaths.TokenFileFor(database))!;
        using var http = new HttpClient { BaseAddress = new Uri(endpoint.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);
        return JsonSerializer.Deserialize<JsonElement>(await http.GetStringAsync(new Uri("/api/health", UriKind.Relative)));
    }

    private static async Task SendLinesAsync(UdpClient client, int port, IEnumerable<string> datagrams)
    {
        var to = new IPEndPoint(IPAddress.Loopback, port);
        int n = 0;
        foreach (string d in datagrams)
        {
            await client.SendAsync(Encoding.Latin1.GetBytes(d), to);
            if (++n % 50 == 0)
            {
                await Task.Delay(5); // be kind to the socket buffer on a loaded machine
            }
        }
    }

    [Fact]
    public async Task A_datagram_claiming_a_two_billion_byte_message_is_dropped_and_counted_and_the_same_senders_crash_is_still_stored()
    {
        IPAddress sender = IPAddress.Parse("127.0.0.41");
        int port = FreePorts.Udp();
        (SolwatchProcess daemon, string database) = await StartAsync(sender, port);
        using (daemon)
        {
            using var client = new UdpClient(new IPEndPoint(sender, 0));
            await SendLinesAsync(client, port, ["0,1,1000,-,ncfrag=0/2000000000;x"]);
            await SendLinesAsync(client, port, File.ReadLines(Path.Combine(RepoPaths.Root, "samples", "demo-panic.log")).Select(l => l + "\n"));

            JsonElement incident = (await TestDaemon.WaitForIncidentsAsync(database, 1))[0];
            Assert.Equal("web1", incident.GetProperty("console").GetString());
            JsonElement listener = Assert.Single((await HealthAsync(database)).GetProperty("netconsole").EnumerateArray());
            Assert.Equal(1, listener.GetProperty("droppedOversized").GetInt64());
            Assert.Equal(0, listener.GetProperty("decodeFailures").GetInt64());
            Assert.True(listener.GetProperty("listening").GetBoolean());
            Assert.False(daemon.HasExited);
            Assert.Contains("ncfrag=0/2000000000", daemon.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Thousands_of_spoofed_unknown_senders_cost_a_few_log_lines_not_one_each()
    {
        IPAddress sender = IPAddress.Parse("127.0.0.42");
        int port = FreePorts.Udp();
        (SolwatchProcess daemon, string database) = await StartAsync(sender, port);
        using (daemon)
        {
            const int Spoofed = 2000;
            var to = new IPEndPoint(IPAddress.Loopback, port);
            for (int i = 0; i < Spoofed; i++)
            {
                using var stranger = new UdpClient(new IPEndPoint(new IPAddress([127, 10, (byte)(i >> 8), (byte)(i & 0xFF)]), 0));
                await stranger.SendAsync("stranger\n"u8.ToArray(), to);
            }
            using var client = new UdpClient(new IPEndPoint(sender, 0));
            await SendLinesAsync(client, port, ["[    1.000000] the real machine still talks\n"]);
            await TestDaemon.WaitForLineAsync(database, "web1", "the real machine's line", l => l.Contains("still talks", StringComparison.Ordinal));

            JsonElement listener = Assert.Single((await HealthAsync(database)).GetProperty("netconsole").EnumerateArray());
            Assert.Equal(Spoofed, listener.GetProperty("unknownSenderDatagrams").GetInt64());
            string output = daemon.Stdout + daemon.Stderr;
            int warnings = output.Split('\n').Count(l => l.Contains("belong to no configured console", StringComparison.Ordinal));
            Assert.InRange(warnings, 1, 10);
        }
    }
}
