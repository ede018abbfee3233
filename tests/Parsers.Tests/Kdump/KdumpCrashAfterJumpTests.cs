using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// machine_kexec does not return: after kexec-tools' "I'm in purgatory" (or arm64's "Bye!") the crashed kernel prints
/// nothing more, and the image a panic kexecs is the crash image (kernel/kexec_core.c __crash_kexec). A crash the console
/// shows after the jump, before any command line says which kernel runs, is the capture kernel's (round 12).
/// </summary>
public class KdumpCrashAfterJumpTests
{
    private const string FirstKernelPanics = """
        [   74.783235] sysrq: Trigger a crash
        [   74.783244] Kernel panic - not syncing: sysrq triggered crash
        [   74.783252] CPU: 58 PID: 3838 Comm: bash Kdump: loaded Not tainted 6.6.0-rc5 #3
        [   74.783259] Hardware name: POWER10 (raw) phyp pSeries
        I'm in purgatory

        """;

    // A banner, then an oops in setup_arch, before start_kernel prints the command line.
    private const string NextBootOopsBeforeItsCommandLine = """
        [    0.000000] Linux version 6.6.0-rc5 (root@build) (gcc (GCC) 8.5.0) #3 SMP Mon Oct  9 11:07:41 CDT 2023
        [    0.000000] BUG: Unable to handle kernel data access on write at 0xc0000001a0000000
        [    0.000000] Oops: Kernel access of bad area, sig: 11 [#1]
        [    0.000000] CPU: 2 PID: 0 Comm: swapper Not tainted 6.6.0-rc5 #3
        [    0.000000] Kernel panic - not syncing: Fatal exception
        [    0.000000] Rebooting in 180 seconds..

        """;

    // The same boot with its command line first: a normal kernel (no elfcorehdr=, no reset_devices) came back.
    private const string NormalBootThenPanics = """
        [    0.000000] Linux version 6.6.0-rc5 (root@build) (gcc (GCC) 8.5.0) #3 SMP Mon Oct  9 11:07:41 CDT 2023
        [    0.000000] Kernel command line: root=/dev/sda2 ro crashkernel=1G
        [    5.000000] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)
        [    5.000001] Rebooting in 180 seconds..

        """;

    // A mail's paste: indented four spaces, no printk times; the quiet crash kernel prints no banner.
    private const string IndentedOopsPurgatoryThenOom = """
            Oops: Bad kernel stack pointer, sig: 6 [#1]
            CPU: 4 PID: 3082 Comm: rand_test Tainted: G 4.12.14-197.18-default #1 SLE15-SP1
            ---[ end trace 167d5d3b2e8a06e9 ]---

            Sending IPI to other CPUs
            IPI complete
            kexec: Starting switchover sequence.
            I'm in purgatory
             -> smp_release_cpus()
            Kernel panic - not syncing: Out of memory and no killable processes...

        """;

    [Fact]
    public void An_oops_in_the_boot_after_the_jump_before_its_command_line_fails_the_capture_kernel()
    {
        KdumpFinding attempt = Assert.Single(Attempts(FirstKernelPanics + NextBootOopsBeforeItsCommandLine));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, attempt.Outcome);
        Assert.Contains("Fatal exception", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_boot_after_the_jump_whose_command_line_names_a_normal_kernel_is_a_return_without_capture_and_its_panic_its_own()
    {
        List<KdumpFinding> attempts = Attempts(FirstKernelPanics + NormalBootThenPanics);
        Assert.Equal(2, attempts.Count);
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, attempts[0].Outcome);
        Assert.Contains("came back without a capture kernel", attempts[0].Reason, StringComparison.Ordinal);
        Assert.Equal(KdumpOutcome.NotArmed, attempts[1].Outcome);
    }

    [Fact]
    public void A_panic_after_purgatory_with_no_banner_between_is_the_capture_kernels()
    {
        KdumpFinding attempt = Assert.Single(Attempts(IndentedOopsPurgatoryThenOom));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, attempt.Outcome);
        Assert.Contains("ran out of memory", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_indented_oops_is_read_as_the_crash_it_reports()
    {
        KdumpFinding attempt = Assert.Single(Attempts(IndentedOopsPurgatoryThenOom));
        Assert.Equal(1, attempt.StartLine);
    }
}
