using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Collectors.Lab;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// The whole daemon against real crashing kernels: the lab VM panics on its serial port exported over TCP and over
/// telnet (as console servers do), the daemon's collectors read it, and each panic is stored as an incident with
/// the right title, instruction pointer and panic reason while the transcript keeps every line.
/// </summary>
[Collection(CollectorsLabGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DaemonLabTests(LabFixture lab) : IDisposable
{
    private static readonly TimeSpan Patience = TestDaemon.Patience;
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-daemonlab-").FullName;

    private string Database => TestDaemon.Database(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerFact(Peers.LabVm, "socat")]
    public async Task A_panic_on_a_serial_line_becomes_an_incident_with_title_ip_and_reason()
    {
        // A socat pty pair stands for the null-modem cable: qemu's ttyS0 on one end, the daemon's serial port on the other.
        await using PtyPair cable = await PtyPair.StartAsync(_dir, "ttyS0");
        string config = await TestDaemon.WriteConfigAsync(_dir, $"""
              - name: vm-serial
                host: vm-c
                type: serial
                device: {cable.Far}
                baud: 115200
            """);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);
        await WaitForConsoleConnectedAsync("vm-serial");

        await CrashVmAsync(File.ResolveLinkTarget(cable.Near, true)!.FullName, "divzero");

        JsonElement incident = Assert.Single(await TestDaemon.WaitForIncidentsAsync(Database, 1));
        Assert.Equal("divide error in lab_divzero", incident.GetProperty("title").GetString());
        JsonElement report = await TestDaemon.FirstExportedReportAsync(Database);
        Assert.Equal("lab_divzero", report.GetProperty("ip").GetProperty("function").GetString());
        Assert.Equal("Fatal exception", report.GetProperty("panicReason").GetString());

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
    }

    [PeerFact(Peers.LabVm, "socat", "ser2net")]
    public async Task A_panic_behind_ser2net_becomes_an_incident()
    {
        // The VM's ttyS0 on one end of a pty pair, ser2net serving the other end as telnet, the daemon as its client.
        await using PtyPair cable = await PtyPair.StartAsync(_dir, "ttyS0");
        int port = FreePorts.Tcp();
        await using PeerProcess ser2net = await Ser2Net.StartAsync(_dir, cable.FarDevice, port, telnet: true);
        string config = await TestDaemon.WriteConfigAsync(_dir, $"""
              - name: vm-ser2net
                host: vm-f
                type: telnet
                address: 127.0.0.1
                port: {port}
            """);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);
        await WaitForConsoleConnectedAsync("vm-ser2net");

        await CrashVmAsync(File.ResolveLinkTarget(cable.Near, true)!.FullName, "bug");

        JsonElement incident = Assert.Single(await TestDaemon.WaitForIncidentsAsync(Database, 1));
        Assert.Equal("kernel BUG in lab_set", incident.GetProperty("title").GetString());
        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task A_panic_sent_by_netconsole_in_the_extended_format_becomes_an_incident()
    {
        int port = FreePorts.Udp();
        string config = await TestDaemon.WriteConfigAsync(_dir, $"""
              - name: vm-netconsole
                host: vm-d
                type: netconsole
                sender: 127.0.0.31
                listen: 127.0.0.1
                port: {port}
                format: extended
            """);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);
        await WaitForConsoleConnectedAsync("vm-netconsole");

        // What the kernel's extended netconsole sends: "level,seq,timestamp_us,flags;text", one record a datagram.
        using var sender = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.31"), 0));
        int seq = 0;
        foreach (string line in File.ReadLines(Path.Combine(RepoPaths.Root, "samples", "demo-panic.log")))
        {
            string text = line.TrimEnd('\r');
            int close = text.IndexOf("] ", StringComparison.Ordinal);
            long micros = 0;
            if (text.StartsWith('[') && close > 0 && double.TryParse(text[1..close], System.Globalization.CultureInfo.InvariantCulture, out double seconds))
            {
                micros = (long)(seconds * 1_000_000);
                text = text[(close + 2)..];
            }
            byte[] datagram = System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"4,{seq++},{micros},-;{text}\n"));
            await sender.SendAsync(datagram, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
            if (seq % 50 == 0)
            {
                await Task.Delay(5);
            }
        }

        JsonElement incident = Assert.Single(await TestDaemon.WaitForIncidentsAsync(Database, 1));
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", incident.GetProperty("title").GetString());
        Assert.Equal("vm-netconsole", incident.GetProperty("console").GetString());

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
    }

    private async Task WaitForConsoleConnectedAsync(string console)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            (int code, string stdout, _) = await SolwatchProcess.RunAsync("consoles", "--db", Database);
            if (code == 0 && stdout.Split('\n').Any(l => l.StartsWith(console, StringComparison.Ordinal) && l.Contains("Connected", StringComparison.Ordinal)))
            {
                return;
            }
            await Task.Delay(300);
        }
        throw new TimeoutException($"{console} never connected");
    }

    [PeerFact(Peers.LabVm)]
    public async Task Panics_arriving_over_tcp_and_telnet_become_incidents_with_title_ip_and_reason()
    {
        int tcpPort = FreePorts.Tcp();
        int telnetPort = FreePorts.Tcp();
        string config = await TestDaemon.WriteConfigAsync(_dir, $"""
              - name: vm-tcp
                host: vm-a
                type: tcp
                address: 127.0.0.1
                port: {tcpPort}
              - name: vm-telnet
                host: vm-b
                type: telnet
                address: 127.0.0.1
                port: {telnetPort}
            """);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);

        // wait=on: qemu holds the guest until the daemon's collector has connected (it may be in a backoff by then).
        await CrashVmAsync($"tcp:127.0.0.1:{tcpPort},server=on,wait=on", "null");
        await CrashVmAsync($"tcp:127.0.0.1:{telnetPort},server=on,wait=on,telnet=on", "gpf");

        JsonElement[] incidents = await TestDaemon.WaitForIncidentsAsync(Database, 2);
        JsonElement byTcp = incidents.Single(i => i.GetProperty("console").GetString() == "vm-tcp");
        JsonElement byTelnet = incidents.Single(i => i.GetProperty("console").GetString() == "vm-telnet");
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", byTcp.GetProperty("title").GetString());
        Assert.Equal("general protection fault in lab_gpf", byTelnet.GetProperty("title").GetString());

        (int code, string export, string stderr) = await SolwatchProcess.RunAsync("incidents", "export", "--db", Database);
        Assert.True(code == 0, stderr);
        var reports = export.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<JsonElement>(l).GetProperty("report")).ToList();
        Assert.Contains(reports, r => r.GetProperty("ip").GetProperty("function").GetString() == "lab_null"
                                      && r.GetProperty("panicReason").GetString() == "Fatal exception");
        Assert.Contains(reports, r => r.GetProperty("ip").GetProperty("function").GetString() == "lab_gpf"
                                      && r.GetProperty("panicReason").GetString() == "Fatal exception");

        // The transcripts (one directory per console) hold the lines, with no telnet protocol bytes among them.
        foreach (string console in (string[])["vm-tcp", "vm-telnet"])
        {
            string transcript = string.Join('\n', Directory.EnumerateDirectories(Path.Combine(_dir, "data", "transcripts"), console + "*")
                .SelectMany(d => Directory.EnumerateFiles(d, "*.log")).Select(File.ReadAllText));
            Assert.Contains("Kernel panic - not syncing: Fatal exception", transcript, StringComparison.Ordinal);
            Assert.Contains("LAB: init started", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain('\u00ff', transcript);
        }

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
    }

    private async Task CrashVmAsync(string serial, string crash)
    {
        var env = new Dictionary<string, string>
        {
            ["LAB_WORK"] = lab.WorkDir,
            ["SERIAL"] = serial,
            ["CRASH"] = crash,
            // Time for the daemon's collector to find the port qemu just opened.
            ["DELAY"] = "2",
            ["PANIC"] = "-1",
            ["NOREBOOT"] = "1",
            ["APPEND_EXTRA"] = LabKernel.Arguments,
        };
        await using PeerProcess qemu = PeerProcess.Start("bash", [Path.Combine(RepoPaths.Lab, "boot.sh")], env);
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!qemu.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        Assert.True(qemu.HasExited, $"the VM ({crash}) did not end with its panic: {qemu.Output}");
    }
}
