using System.Globalization;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// The real daemon with a <c>type: ipmi</c> console on a lab BMC (OpenIPMI ipmi_sim, instance 51, UDP 127.0.0.1:9674):
/// a panic written into the BMC's serial port arrives over SOL and is stored as an incident.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IpmiDaemonTests : IAsyncLifetime, IDisposable
{
    private const int Instance = 51;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private static readonly string LabWork = LabScripts.WorkDir("bmcwire");
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-ipmi-daemon-").FullName;

    private string Database => Path.Combine(_dir, "data", "incidents.db");

    private static string Arg(int n) => n.ToString(CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        (int code, string output) = await LabScripts.RunAsync(LabWork, "bmc.sh", ["up", Arg(Instance)], timeout: TimeSpan.FromMinutes(1));
        Assert.True(code == 0, $"bmc.sh up {Instance} failed (is OpenIPMI's ipmi_sim installed? apt-get install openipmi socat ipmitool): {output}");
    }

    public async Task DisposeAsync() =>
        await LabScripts.RunAsync(LabWork, "bmc.sh", ["down", Arg(Instance)], timeout: TimeSpan.FromMinutes(1));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<string> TtyVmAsync()
    {
        (int code, string output) = await LabScripts.RunAsync(LabWork, "bmc.sh", ["env", Arg(Instance)]);
        Assert.True(code == 0, output);
        return output.Split('\n').Single(l => l.StartsWith("BMC_TTYVM=", StringComparison.Ordinal))["BMC_TTYVM=".Length..].Trim();
    }

    private string WriteConfig()
    {
        string secret = Path.Combine(_dir, "bmc.pass");
        File.WriteAllText(secret, "labpass\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string path = Path.Combine(_dir, "solwatch.yaml");
        File.WriteAllText(path, $"""
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
              - name: bmc51
                host: lab-vm
                type: ipmi
                address: 127.0.0.1
                port: {Arg(9623 + Instance)}
                user: admin
                passwordFile: bmc.pass
                cipherSuites: [3]
                activePolicy: steal
            """);
        return path;
    }

    private static async Task PollAsync(string what, Func<Task<bool>> probe)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe())
            {
                return;
            }
            await Task.Delay(300);
        }
        throw new TimeoutException($"{what} not seen within {Patience.TotalSeconds} s");
    }

    /// <summary>Writes <paramref name="text"/> into the BMC's serial port at a 115200-baud pace (11520 bytes/s).</summary>
    private static async Task WriteAtSerialSpeedAsync(string tty, byte[] text)
    {
        await using var port = new FileStream(tty, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        const int chunk = 1152;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int offset = 0; offset < text.Length; offset += chunk)
        {
            await port.WriteAsync(text.AsMemory(offset, Math.Min(chunk, text.Length - offset)));
            await port.FlushAsync();
            TimeSpan due = TimeSpan.FromSeconds((offset + chunk) / 11520.0);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
        }
    }

    [PeerFact(Peers.LabBmc)]
    public async Task A_panic_on_the_serial_port_of_a_bmc_arrives_over_sol_and_is_stored_as_an_incident()
    {
        string tty = await TtyVmAsync();
        using SolwatchProcess daemon = SolwatchProcess.Start(["run", "--config", WriteConfig()]);
        try
        {
            await PollAsync("the daemon's API", () => Task.FromResult(ApiEndpoint.TryRead(DataPaths.TokenFileFor(Database)) is not null || daemon.HasExited));
            await PollAsync("the SOL console connected", async () =>
            {
                Assert.False(daemon.HasExited, $"the daemon exited: {daemon.Stdout}\n{daemon.Stderr}");
                (int code, string json, _) = await SolwatchProcess.RunAsync("consoles", "--json", "--db", Database);
                return code == 0 && JsonSerializer.Deserialize<JsonElement[]>(json)!.Single().GetProperty("state").GetString() == "Connected";
            });

            await WriteAtSerialSpeedAsync(tty, await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "tests", "Parsers.Tests", "Fixtures", "lab", "null.log")));

            JsonElement[] incidents = [];
            await PollAsync("an incident", async () =>
            {
                (int code, string json, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--json", "--db", Database);
                Assert.True(code == 0, $"incidents list failed ({code}): {stderr}");
                incidents = JsonSerializer.Deserialize<JsonElement[]>(json)!;
                return incidents.Length > 0;
            });
            JsonElement incident = Assert.Single(incidents);
            Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", incident.GetProperty("title").GetString());
            Assert.Equal("bmc51", incident.GetProperty("console").GetString());

            using SolwatchProcess tail = SolwatchProcess.Start(["tail", "bmc51", "--since", "1h", "--db", Database]);
            await PollAsync("the panic line in the console's transcript", () =>
                Task.FromResult(tail.Stdout.Contains("Kernel panic - not syncing: Fatal exception", StringComparison.Ordinal)));
            Assert.Contains("BUG: kernel NULL pointer dereference, address: 0000000000000000", tail.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("labpass", daemon.Stdout + daemon.Stderr, StringComparison.Ordinal);

            // Keyboard input goes the other way: solwatch send → daemon → SOL → the BMC's serial port.
            await using var port = new FileStream(tty, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var typed = new System.Text.StringBuilder();
            Task reader = Task.Run(async () =>
            {
                byte[] buffer = new byte[256];
                while (!typed.ToString().Contains("root\rt", StringComparison.Ordinal) && await port.ReadAsync(buffer) is int n and > 0)
                {
                    typed.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
                }
            });
            (int sent, _, string why) = await SolwatchProcess.RunAsync("send", "bmc51", "root", "--db", Database);
            Assert.True(sent == 0, why);
            // SysRq: a SOL break (a serial break on the host's port; the pty cannot show it), then the key.
            (sent, _, why) = await SolwatchProcess.RunAsync("sysrq", "bmc51", "t", "--db", Database);
            Assert.True(sent == 0, why);
            await reader.WaitAsync(Patience);
            Assert.EndsWith("root\rt", typed.ToString(), StringComparison.Ordinal);
            Assert.Contains($"Console bmc51: {Environment.UserName} sends 5 bytes", daemon.Stdout, StringComparison.Ordinal);
            Assert.Contains($"Console bmc51: {Environment.UserName} sends SysRq t", daemon.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            daemon.Signal("TERM");
            await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
