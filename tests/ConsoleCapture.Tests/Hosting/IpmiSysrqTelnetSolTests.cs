using SolWatch.ConsoleCapture.Tests.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// <c>solwatch sysrq</c> through the daemon's SOL console reaching a real kernel's Magic SysRq: the break is a real
/// serial break on the VM's ttyS0 (ipmi_sim's telnet SOL backend, <see cref="TelnetSolBmc"/>), the kernel takes the
/// next key as a SysRq command, and its answer comes back over SOL into the transcript.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IpmiSysrqTelnetSolTests(TelnetSolBmc bmc) : IClassFixture<TelnetSolBmc>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-sysrq-telnet-").FullName;

    private string Database => TestDaemon.Database(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerFact(Peers.LabBmc, Peers.LabVm)]
    public async Task A_sysrq_sent_through_the_daemon_breaks_into_the_kernel_and_its_answer_is_in_the_transcript()
    {
        string config = await TestDaemon.WriteConfigAsync(_dir, IpmiConsole.Yaml(_dir, "vm228", bmc.Port));
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);
        try
        {
            await TestDaemon.WaitForConnectedAsync(Database, "vm228", daemon);
            await TestDaemon.WaitForShellAsync(Database, "vm228");

            (int code, _, string stderr) = await SolwatchProcess.RunAsync("sysrq", "vm228", "h", "--db", Database);
            Assert.True(code == 0, stderr);
            await TestDaemon.WaitForLineAsync(Database, "vm228", "the kernel's SysRq help",
                l => l.Contains("sysrq: HELP : loglevel(0-9) reboot(b) crash(c)", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            (code, _, stderr) = await SolwatchProcess.RunAsync("sysrq", "vm228", "w", "--db", Database);
            Assert.True(code == 0, stderr);
            await TestDaemon.WaitForLineAsync(Database, "vm228", "the kernel's blocked-task dump",
                l => l.Contains("sysrq: Show Blocked State", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.DoesNotContain(await TestDaemon.TranscriptLinesAsync(Database, "vm228"), l => l.EndsWith("h: not found", StringComparison.Ordinal));
        }
        finally
        {
            daemon.Signal("TERM");
            await daemon.WaitForExitAsync(TestDaemon.Patience);
        }
    }
}
