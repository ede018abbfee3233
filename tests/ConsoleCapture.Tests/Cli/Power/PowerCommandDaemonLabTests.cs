using System.Globalization;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.ConsoleCapture.Tests.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Cli.Power;

/// <summary>Lab BMC 202 (no VM: power on runs the lab's placeholder) for <see cref="PowerCommandDaemonLabTests"/>.</summary>
public sealed class Bmc202 : LabBmc
{
    public Bmc202() : base(202)
    {
    }
}

/// <summary>
/// <c>solwatch power CONSOLE ACTION</c> through a real daemon and the lab's ipmi_sim, beside the <c>--host</c> form:
/// status, on and off over the console's own session; diag, which ipmi_sim refuses ("invalid data field"), explained
/// with what to do instead; readOnly consoles, consoles without a BMC and wrong actions refused with what is wrong.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PowerCommandDaemonLabTests(Bmc202 bmc) : IClassFixture<Bmc202>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-power-").FullName;

    private string Database => TestDaemon.Database(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<(int ExitCode, string Stdout, string Stderr)> PowerAsync(params string[] args) =>
        SolwatchProcess.RunAsync(["power", .. args, "--db", Database]);

    [PeerFact(Peers.LabBmc)]
    public async Task Power_by_console_name_goes_through_the_daemon_and_a_refused_diag_says_what_to_do_instead()
    {
        // Nothing listens on lab instance 227's RMCP+ port or on TCP port 1: those consoles never connect.
        string config = await TestDaemon.WriteConfigAsync(_dir, IpmiConsole.Yaml(_dir, "bmc202", bmc.Port) + """
              - { name: ro, type: ipmi, address: 127.0.0.1, port: 9850, user: admin, passwordFile: bmc.pass, readOnly: true }
              - { name: plain, type: tcp, address: 127.0.0.1, port: 1 }
            """);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);
        try
        {
            await TestDaemon.WaitForConnectedAsync(Database, "bmc202", daemon);

            Assert.Equal((0, "power off"), await StatusAsync());
            Assert.Equal((0, "power on: done\n", ""), await PowerAsync("bmc202", "on"));
            Assert.Equal((0, "power on"), await StatusAsync());
            Assert.Equal((0, "power off: done\n", ""), await PowerAsync("bmc202", "off"));

            // ipmi_sim answers chassis control 4 (pulse diagnostic interrupt) with 0xCC, as many BMCs without an NMI do.
            (int code, _, string stderr) = await PowerAsync("bmc202", "diag");
            Assert.Equal(2, code);
            Assert.Equal(
                $"solwatch: the daemon answered 409: console bmc202: the BMC 127.0.0.1:{bmc.Port} refused diag (completion code 0xCC, invalid data field): " +
                "this BMC does not support an NMI (pulse diagnostic interrupt) via chassis control. Alternatives: solwatch sysrq bmc202 c " +
                "(crashes the kernel through its serial console; kdump captures it if loaded), or the NMI of the BMC's own web interface or CLI\n",
                stderr);

            (code, _, stderr) = await PowerAsync("ro", "on");
            Assert.Equal((2, "solwatch: the daemon answered 409: console ro is readOnly in the configuration; solwatch does not switch its power (set readOnly: false to allow it)\n"), (code, stderr));
            (code, _, stderr) = await PowerAsync("plain", "status");
            Assert.Equal((2, "solwatch: the daemon answered 409: console plain (tcp) has no BMC to switch its power; power control needs a type: ipmi console (or: solwatch power ACTION --host BMC ...)\n"), (code, stderr));
            (code, _, stderr) = await PowerAsync("bmc202", "explode");
            Assert.Equal((2, "solwatch: power: 'explode' is not an action (one of status, on, off, cycle, reset, diag); the forms are solwatch power CONSOLE ACTION and solwatch power ACTION --host BMC ...\n"), (code, stderr));
            (code, _, stderr) = await PowerAsync("on");
            Assert.Equal((2, "solwatch: power on: which machine? give a console (solwatch power CONSOLE on) or a BMC (solwatch power on --host BMC --user U --password-env VAR)\n"), (code, stderr));

            Assert.Contains($"Console bmc202: {Environment.UserName} sends power on", daemon.Stdout, StringComparison.Ordinal);
            Assert.Contains($"Console bmc202: {Environment.UserName} sends power diag", daemon.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await PowerAsync("bmc202", "off");
            daemon.Signal("TERM");
            await daemon.WaitForExitAsync(TestDaemon.Patience);
        }
    }

    [PeerFact(Peers.LabBmc)]
    public async Task A_refused_diag_with_host_says_the_bmc_has_no_nmi_via_chassis_control_and_what_to_do_instead()
    {
        using SolwatchProcess power = SolwatchProcess.Start(
            ["power", "diag", "--host", "127.0.0.1", "-p", bmc.Port.ToString(CultureInfo.InvariantCulture), "-U", "admin", "--password-env", "BMC_PASSWORD", "-C", "3"],
            new Dictionary<string, string> { ["BMC_PASSWORD"] = "labpass" });

        Assert.Equal(2, await power.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(
            $"solwatch: power diag: the BMC 127.0.0.1:{bmc.Port} refused diag (completion code 0xCC, invalid data field): " +
            "this BMC does not support an NMI (pulse diagnostic interrupt) via chassis control. Alternatives: solwatch sysrq CONSOLE c " +
            "(crashes the kernel through its serial console; kdump captures it if loaded), or the NMI of the BMC's own web interface or CLI\n",
            power.Stderr);
    }

    private async Task<(int, string)> StatusAsync()
    {
        (int code, string stdout, string stderr) = await PowerAsync("bmc202", "status");
        return (code, code == 0 ? stdout.Trim() : stderr);
    }
}
