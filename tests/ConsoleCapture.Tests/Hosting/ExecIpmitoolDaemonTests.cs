using System.Diagnostics;
using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>Lab BMC 29 for <see cref="ExecIpmitoolDaemonTests"/>.</summary>
public sealed class Bmc29 : LabBmc
{
    public Bmc29() : base(29)
    {
    }
}

/// <summary>
/// The console of a server reached the way many sites do it today: an <c>exec</c> console running
/// <c>ipmitool … sol activate</c>, while <c>ipmitool chassis power on</c> boots the lab VM behind the BMC; its kernel
/// panics, and the daemon stores the incident with title, instruction pointer and panic reason.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExecIpmitoolDaemonTests(Bmc29 bmc) : IClassFixture<Bmc29>, IDisposable
{
    private static readonly TimeSpan Patience = TestDaemon.Patience;
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-execsol-").FullName;

    private string Database => TestDaemon.Database(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerFact(Peers.LabBmc, Peers.LabVm)]
    public async Task Ipmitool_sol_as_an_exec_console_turns_a_powered_on_vm_panic_into_an_incident()
    {
        (int setup, string setupOutput) = await LabScripts.RunAsync(LabBmc.WorkDir, "setup.sh", [], timeout: TimeSpan.FromMinutes(10));
        Assert.True(setup == 0, $"lab setup.sh failed: {setupOutput}");
        string passwordFile = Path.Combine(_dir, "bmc.pass");
        await File.WriteAllTextAsync(passwordFile, "labpass\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string port = bmc.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string config = await TestDaemon.WriteConfigAsync(_dir, $"""
              - name: vm-sol
                host: vm-e
                type: exec
                command: [ipmitool, -I, lanplus, -H, 127.0.0.1, -p, "{port}", -U, admin, -f, {passwordFile}, -C, "3", sol, activate]
                readOnly: true
            """);
        await File.WriteAllTextAsync(Path.Combine(bmc.Dir, "vm.env"), "CRASH=null DELAY=2 PANIC=0\n");
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);
        try
        {
            // SOL only carries what arrives while the session is up: let ipmitool attach before the power comes on.
            await WaitForSolOwnerAsync();
            Assert.Equal(0, await IpmitoolAsync(port, passwordFile, "chassis", "power", "on"));

            JsonElement incident = (await TestDaemon.WaitForIncidentsAsync(Database, 1))[0];
            Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", incident.GetProperty("title").GetString());
            JsonElement report = await TestDaemon.FirstExportedReportAsync(Database);
            Assert.Equal("lab_null", report.GetProperty("ip").GetProperty("function").GetString());
            Assert.Equal("Fatal exception", report.GetProperty("panicReason").GetString());
            Assert.True(report.GetProperty("panicked").GetBoolean());
            Assert.DoesNotContain("labpass", daemon.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await IpmitoolAsync(port, passwordFile, "chassis", "power", "off");
            File.Delete(Path.Combine(bmc.Dir, "vm.env"));
            daemon.Signal("TERM");
            await daemon.WaitForExitAsync(Patience);
        }
    }

    // Live SOL only carries bytes written while the session is up, and ipmitool's banner is not flushed to a pipe:
    // write a harmless line into the BMC's serial port until it shows up in the console's transcript.
    private async Task WaitForSolOwnerAsync()
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        string transcripts = Path.Combine(_dir, "data", "transcripts");
        while (DateTime.UtcNow < deadline)
        {
            await bmc.WriteConsoleAsync("solwatch test: sol probe\r\n");
            await Task.Delay(500);
            if (Directory.Exists(transcripts) && Directory.EnumerateFiles(transcripts, "*.log", SearchOption.AllDirectories)
                    .Any(f => File.ReadAllText(f).Contains("sol probe", StringComparison.Ordinal)))
            {
                return;
            }
        }
        throw new TimeoutException("ipmitool never attached the SOL console");
    }

    private static async Task<int> IpmitoolAsync(string port, string passwordFile, params string[] args) =>
        (await RunAsync(port, passwordFile, args)).Code;

    private static async Task<(int Code, string Output)> RunAsync(string port, string passwordFile, params string[] args)
    {
        var psi = new ProcessStartInfo("ipmitool") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string a in (string[])["-I", "lanplus", "-H", "127.0.0.1", "-p", port, "-U", "admin", "-f", passwordFile, "-C", "3", .. args])
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi)!;
        p.StandardInput.Close();
        Task<string> so = p.StandardOutput.ReadToEndAsync();
        Task<string> se = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await so + await se);
    }
}
