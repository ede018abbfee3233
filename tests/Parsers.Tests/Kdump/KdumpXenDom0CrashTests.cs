using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Xen's own word on the crash of its dom0 (xen/common/shutdown.c hwdom_shutdown, SHUTDOWN_crash; dom0_shutdown's
/// "Domain 0 crashed: " before it): "Hardware Dom%u crashed: " without a newline, kexec_crash(), which returns only when
/// no crash image is loaded (xen/common/kexec.c), then maybe_reboot()'s "rebooting machine in 5 seconds." or
/// "'noreboot' set - not rebooting." on the same line.
/// </summary>
public class KdumpXenDom0CrashTests
{
    [Fact]
    public void A_dom0_panic_that_xen_reboots_from_had_no_capture_kernel()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "Kernel panic - not syncing: Fatal exception\n" +
            "(XEN) Hardware Dom0 crashed: rebooting machine in 5 seconds.\n" +
            "(XEN) Resetting with ACPI MEMORY or I/O RESET_REG.\n"));
        Assert.Equal(KdumpOutcome.NotArmed, a.Outcome);
        Assert.Contains("no capture kernel was loaded", a.Reason);
        Assert.Contains("Xen's reboot", a.Reason);
    }

    [Fact]
    public void A_dom0_oops_that_xen_halts_on_is_a_crash_without_a_capture_kernel_even_with_no_panic_line()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "2017-01-18 10:12:31\tSysRq : Trigger a crash\n" +
            "2017-01-18 10:12:31\tOops: 0002 [#1] SMP \n" +
            "2017-01-18 10:12:31\t(XEN) Domain 0 crashed: 'noreboot' set - not rebooting.\n"));
        Assert.Equal(KdumpOutcome.NotArmed, a.Outcome);
        Assert.Contains("Xen's halt", a.Reason);
        Assert.Equal(1, a.StartLine);
    }

    [Fact]
    public void A_dom0_crash_xen_kexecs_on_is_no_word_that_kdump_was_missing()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "Kernel panic - not syncing: Fatal exception\n" +
            "(XEN) Hardware Dom0 crashed: Executing kexec image on cpu5\n"));
        Assert.NotEqual(KdumpOutcome.NotArmed, a.Outcome);
    }

    [Fact]
    public void A_guest_domain_crash_is_no_dom0_crash()
    {
        Assert.Empty(Attempts("(XEN) domain_crash called from p2m.c:1234\n(XEN) Domain 3 (vcpu#0) crashed on cpu#2:\n"));
    }
}
