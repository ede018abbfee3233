using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Xen prints "Executing kexec image on cpu%u" (xen/common/kexec.c one_cpu_only) on the way into any kexec image; only
/// the crash image's path goes on to nmi_shootdown_cpus (xen/arch/x86/crash.c), "Shot down all CPUs" or "Failed to shoot
/// down CPUs {…}". Together they are the jump into the capture kernel, after Xen's own panic, which the tracker does not
/// read (round 19: Xen 4.14 crashing after an S3 resume).
/// </summary>
public class KdumpXenCrashImageTests
{
    private const string XenPanic = """
        (XEN) ****************************************
        (XEN) Panic on CPU 0:
        (XEN) FATAL PAGE FAULT
        (XEN) [error_code=0003]
        (XEN) Faulting linear address: ffff830250ca03f8
        (XEN) ****************************************
        (XEN) 
        (XEN) Reboot in five seconds...

        """;

    [Fact]
    public void Executing_the_kexec_image_then_shooting_down_the_cpus_is_the_jump_into_the_capture_kernel()
    {
        KdumpFinding attempt = Assert.Single(Attempts(XenPanic
            + "(XEN) Executing kexec image on cpu0\n"
            + "(XEN) Shot down all CPUs\n"));
        Assert.Equal(KdumpOutcome.Unknown, attempt.Outcome);
        Assert.Equal(true, attempt.Armed);
        Assert.Contains("jumped into the capture kernel", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpus_xen_failed_to_shoot_down_still_mean_the_crash_image_runs()
    {
        KdumpFinding attempt = Assert.Single(Attempts(XenPanic
            + "(XEN) Executing kexec image on cpu0\n"
            + "(XEN) Failed to shoot down CPUs {2-3}\n"));
        Assert.Contains("jumped into the capture kernel", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kexec_reboot_under_xen_is_no_dump_attempt()
    {
        // kexec_reboot (a plain `kexec -e` with Xen's default image) prints the same line, then the next kernel boots.
        Assert.Empty(Attempts(
            "(XEN) Executing kexec image on cpu0\n"
            + "[    0.000000] Linux version 5.14.21-150500.55.52-default (geeko@buildhost) (gcc (SUSE Linux) 7.5.0) #1 SMP PREEMPT_DYNAMIC\n"
            + "[    0.000000] Command line: root=/dev/sda2 console=ttyS1,115200\n"));
    }

    [Fact]
    public void A_dom0_crash_executing_the_kexec_image_is_the_jump()
    {
        // hwdom_shutdown (xen/common/shutdown.c) prints "Hardware Dom%u crashed: " without a newline; kexec_crash's
        // one_cpu_only ends the line when a crash image is loaded.
        KdumpFinding attempt = Assert.Single(Attempts(
            "(XEN) Hardware Dom0 crashed: Executing kexec image on cpu5\n"
            + "(XEN) Shot down all CPUs\n"));
        Assert.Equal(true, attempt.Armed);
        Assert.Contains("jumped into the capture kernel", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_line_after_the_kexec_read_without_the_batch_search_gives_the_same_attempt()
    {
        string console = XenPanic + "(XEN) Executing kexec image on cpu0\n(XEN) Shot down all CPUs\n";
        Assert.Equal(
            Track(System.Text.Encoding.UTF8.GetBytes(console)).Select(f => (f.Kind, f.Outcome, f.Reason, f.StartLine)),
            Track(System.Text.Encoding.UTF8.GetBytes(console), preScan: false).Select(f => (f.Kind, f.Outcome, f.Reason, f.StartLine)));
    }
}
