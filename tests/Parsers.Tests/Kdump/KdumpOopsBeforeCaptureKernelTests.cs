using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// An oops with no panic after it looks lived through, and is dropped at the next banner unless "Kdump: loaded" was on
/// its CPU line. But the kernel boots the crash image only from __crash_kexec (panic(), oops_end()'s crash_kexec), and
/// kexec-tools puts elfcorehdr= on no other image's command line: a capture kernel booting right after that oops says it
/// was the crash, whether or not the kernel printed its kexec state (2.6-era dump_stack did not; round 13).
/// </summary>
public class KdumpOopsBeforeCaptureKernelTests
{
    private const string OldOopsWithoutKdumpWord = """
        ------------[ cut here ]------------
        kernel BUG at mm/slab.c:3002!
        invalid opcode: 0000 [#1] SMP
        Pid: 11346, comm: blktrace Tainted: G    B      2.6.29-rc7 #3 ProLiant DL585 G5
        RIP: 0010:[<ffffffff802c5099>]  [<ffffffff802c5099>] cache_alloc_refill+0x107/0x229
        hpwdt: An NMI occurred, but unable to determine source.

        """;

    private const string CaptureKernelPanics = """
        Linux version 2.6.29-rc7 (root@seatpost) (gcc version 4.3.2 (SUSE Linux) ) #3 SMP Tue Mar 10 10:15:07 EDT 2009
        Command line: root=/dev/cciss/c0d2p3 reset_devices irqpoll maxcpus=1 memmap=exactmap elfcorehdr=147436K
        Unpacking initramfs...<0>Kernel panic - not syncing: invalid compressed format (err=1)

        """;

    private const string NormalBoot = """
        Linux version 2.6.29-rc7 (root@seatpost) (gcc version 4.3.2 (SUSE Linux) ) #3 SMP Tue Mar 10 10:15:07 EDT 2009
        Command line: root=/dev/cciss/c0d2p3 resume=/dev/cciss/c0d2p2 crashkernel=256M

        """;

    [Fact]
    public void An_oops_followed_by_a_capture_kernel_boot_is_that_capture_kernels_crash()
    {
        KdumpFinding attempt = Assert.Single(Attempts(OldOopsWithoutKdumpWord + CaptureKernelPanics));
        Assert.Equal(2, attempt.StartLine);
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, attempt.Outcome);
        Assert.DoesNotContain("no crash report", attempt.Reason, StringComparison.Ordinal);
        Assert.Contains("invalid compressed format", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oops_followed_by_a_normal_boot_is_still_no_attempt()
    {
        Assert.Empty(Attempts(OldOopsWithoutKdumpWord + NormalBoot));
    }

    [Fact]
    public void An_oops_two_boots_before_a_capture_kernel_is_not_its_crash()
    {
        // The boot between (its banner shown, its command line not) closes before the capture kernel: the oops is not
        // the crash that kexec'ed it.
        const string BannerOnly = "Linux version 2.6.29-rc7 (root@seatpost) #3 SMP Tue Mar 10 10:15:07 EDT 2009\n";
        KdumpFinding attempt = Assert.Single(Attempts(OldOopsWithoutKdumpWord + BannerOnly + CaptureKernelPanics));
        Assert.NotEqual(2, attempt.StartLine);
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, attempt.Outcome);
    }
}
