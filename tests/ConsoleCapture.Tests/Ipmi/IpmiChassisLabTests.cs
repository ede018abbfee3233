using SolWatch.ConsoleCapture.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// End to end with the lab VM: chassis power on boots a real Debian kernel that crashes (CRASH=null) on the
/// BMC's serial port, and the panic arrives through our SOL collector; then power off.
/// </summary>
public sealed class IpmiChassisLabTests(Bmc23 bmc) : IClassFixture<Bmc23>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [PeerFact(Peers.LabBmc, Peers.LabVm)]
    public async Task Power_on_boots_the_lab_vm_and_its_kernel_panic_arrives_through_sol()
    {
        (int code, string output) = await LabScripts.RunAsync(LabBmc.WorkDir, "setup.sh", [], timeout: TimeSpan.FromMinutes(10));
        Assert.True(code == 0, $"lab setup.sh failed: {output}");
        await File.WriteAllTextAsync(Path.Combine(bmc.Dir, "vm.env"), "CRASH=null DELAY=1 PANIC=0\n");
        var chassis = new IpmiChassis(bmc.Options());
        var collector = new IpmiSolCollector(new IpmiSolOptions { Session = bmc.Options(), WhenActive = SolActivePolicy.Steal });
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        try
        {
            await sink.Connected.WaitAsync(Generous);
            Assert.False((await chassis.GetStatusAsync()).PowerOn);

            await chassis.ControlAsync(ChassisAction.PowerOn);

            await sink.WaitForAsync("Kernel panic - not syncing", Generous, run);
            Assert.True((await chassis.GetStatusAsync()).PowerOn);
            Assert.Contains("Linux version", sink.Text, StringComparison.Ordinal);
        }
        finally
        {
            await chassis.ControlAsync(ChassisAction.PowerOff);
            File.Delete(Path.Combine(bmc.Dir, "vm.env"));
            await cts.CancelAsync();
            await run.WaitAsync(Generous);
        }
        await WaitForPowerAsync(chassis, on: false);
    }

    [PeerFact(Peers.LabBmc)]
    public async Task Power_cycle_and_reset_are_accepted_and_an_unsupported_diagnostic_interrupt_is_a_clear_error()
    {
        var chassis = new IpmiChassis(bmc.Options());
        try
        {
            await chassis.ControlAsync(ChassisAction.PowerOn); // no vm.env: the lab's "no VM" placeholder
            await WaitForPowerAsync(chassis, on: true);
            await chassis.ControlAsync(ChassisAction.HardReset);
            await chassis.ControlAsync(ChassisAction.PowerCycle);
            // ipmi_sim 2.0.33 answers "invalid data field" to the NMI action (ipmitool's "power diag" fails the same way)
            var e = await Assert.ThrowsAsync<ChassisControlRefusedException>(() => chassis.ControlAsync(ChassisAction.DiagnosticInterrupt));
            Assert.Equal($"BMC 127.0.0.1:{bmc.Port} does not support chassis DiagnosticInterrupt", e.Message);
            Assert.Equal((ChassisAction.DiagnosticInterrupt, ChassisControlRefusedException.InvalidDataField), (e.Action, e.CompletionCode));
            Assert.StartsWith($"the BMC 127.0.0.1:{bmc.Port} refused diag (completion code 0xCC, invalid data field): this BMC does not support an NMI", e.Advice("web-01"), StringComparison.Ordinal);
            Assert.Contains("Alternatives: solwatch sysrq web-01 c", e.Advice("web-01"), StringComparison.Ordinal);
        }
        finally
        {
            await chassis.ControlAsync(ChassisAction.PowerOff);
        }
        await WaitForPowerAsync(chassis, on: false);
    }

    [PeerFact(Peers.LabBmc)]
    public void Chassis_control_below_operator_privilege_is_refused_up_front()
    {
        var e = Assert.Throws<ArgumentException>(() => new IpmiChassis(bmc.Options() with { Privilege = IpmiPrivilege.User }));

        Assert.Contains("Operator", e.Message, StringComparison.Ordinal);
    }

    private static async Task WaitForPowerAsync(IpmiChassis chassis, bool on)
    {
        var until = DateTime.UtcNow + Generous;
        while ((await chassis.GetStatusAsync()).PowerOn != on)
        {
            Assert.True(DateTime.UtcNow < until, $"power did not become {(on ? "on" : "off")}");
            await Task.Delay(250);
        }
    }
}
