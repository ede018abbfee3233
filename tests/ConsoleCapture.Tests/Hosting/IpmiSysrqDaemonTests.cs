using SolWatch.ConsoleCapture.Tests.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>Lab BMC 201 for <see cref="IpmiSysrqDaemonTests"/>.</summary>
public sealed class Bmc201 : LabBmc
{
    public Bmc201() : base(201)
    {
    }
}

/// <summary>
/// <c>solwatch sysrq</c> and <c>solwatch send</c> through the daemon's SOL console to the lab kernel's shell
/// (CRASH=none), on the lab's BMC as it is: its serial port is a socat pty pair, and a pty has no line to break.
/// ipmi_sim turns the SOL break into tcsendbreak(2) on its pty, which Linux accepts and drops (the pty driver has no
/// break_ctl), so the kernel never sees a break and takes the key as typed text. <see cref="IpmiSysrqTelnetSolTests"/>
/// shows the same request reaching the kernel's SysRq where the BMC's serial side can carry a break.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IpmiSysrqDaemonTests(Bmc201 bmc) : IClassFixture<Bmc201>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-sysrq-").FullName;

    private string Database => TestDaemon.Database(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerFact(Peers.LabBmc, Peers.LabVm)]
    public async Task Sysrq_is_accepted_by_the_bmc_and_its_key_reaches_the_shell_and_sysrq_trigger_typed_through_sol_answers()
    {
        (int setup, string setupOutput) = await LabScripts.RunAsync(LabBmc.WorkDir, "setup.sh", [], timeout: TimeSpan.FromMinutes(10));
        Assert.True(setup == 0, $"lab setup.sh failed: {setupOutput}");
        await File.WriteAllTextAsync(Path.Combine(bmc.Dir, "vm.env"), "CRASH=none DELAY=0 PANIC=0\n");
        string config = await TestDaemon.WriteConfigAsync(_dir, IpmiConsole.Yaml(_dir, "bmc201", bmc.Port));
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);
        try
        {
            await TestDaemon.WaitForConnectedAsync(Database, "bmc201", daemon);
            (int code, _, string stderr) = await SolwatchProcess.RunAsync("power", "bmc201", "on", "--db", Database);
            Assert.True(code == 0, stderr);
            await TestDaemon.WaitForLineAsync(Database, "bmc201", "the lab's idle shell",
                l => l.Contains("LAB: still alive after crash=none; console shell follows", StringComparison.Ordinal));
            await TestDaemon.WaitForShellAsync(Database, "bmc201");

            // The BMC takes the SOL break (ACKed) and the key: exit 0. On this lab the break dies in the pty, so the
            // key arrives as an ordinary character at the shell, which runs it as a command.
            (code, _, stderr) = await SolwatchProcess.RunAsync("sysrq", "bmc201", "h", "--db", Database);
            Assert.True(code == 0, stderr);
            (code, _, stderr) = await SolwatchProcess.RunAsync("send", "bmc201", "", "--db", Database); // Enter
            Assert.True(code == 0, stderr);
            string[] lines = await TestDaemon.WaitForLineAsync(Database, "bmc201", "the shell running the key 'h'",
                l => l.EndsWith("h: not found", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("sysrq: HELP", StringComparison.Ordinal));

            // Typed through SOL into the shell, the same request reaches the kernel's SysRq, whose answer comes back.
            (code, _, stderr) = await SolwatchProcess.RunAsync("send", "bmc201", "echo h > /proc/sysrq-trigger", "--db", Database);
            Assert.True(code == 0, stderr);
            await TestDaemon.WaitForLineAsync(Database, "bmc201", "the kernel's SysRq help",
                l => l.Contains("sysrq: HELP : loglevel(0-9) reboot(b) crash(c)", StringComparison.Ordinal));
            Assert.Contains($"Console bmc201: {Environment.UserName} sends SysRq h", daemon.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await SolwatchProcess.RunAsync("power", "bmc201", "off", "--db", Database);
            File.Delete(Path.Combine(bmc.Dir, "vm.env"));
            daemon.Signal("TERM");
            await daemon.WaitForExitAsync(TestDaemon.Patience);
        }
    }
}
