using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// kdumpctl start ends with "Starting kdump: [OK]" or "[FAILED]" (kdump-utils kdumpctl main: dinfo/derror, then exit): the
/// first specific reason explains that run's failure, and a failure explained after it is the next run's, the state now.
/// </summary>
public class KdumpServiceRunTests
{
    [Fact]
    public void A_second_kdumpctl_start_gives_the_reason_for_the_state_now()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "[root@localhost kdump]# kdumpctl start\n" +
            "Error: /boot/vmlinux-6.6.0-104.0.0.110.loongarch64 not found.\n" +
            "Starting kdump: [FAILED]\n" +
            "kexec_load failed: Cannot assign requested address\n" +
            "kexec: failed to load kdump kernel\n" +
            "Starting kdump: [FAILED]\n"));
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Contains("Cannot assign requested address", r.Reason);
    }

    [Fact]
    public void Within_one_run_the_first_reason_stays_past_the_units_failure_and_the_status()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "kdumpctl[940]: kdump: No memory reserved for crash kernel\n" +
            "kdumpctl[940]: kdump: Starting kdump: [FAILED]\n" +
            "systemd[1]: kdump.service: Failed with result 'exit-code'.\n" +
            "systemd[1]: Failed to start Crash recovery kernel arming.\n" +
            "kdump: Kdump is not operational\n"));
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Contains("no memory reserved", r.Reason, StringComparison.OrdinalIgnoreCase);
    }
}
