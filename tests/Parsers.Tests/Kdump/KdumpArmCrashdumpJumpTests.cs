using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// 32-bit arm's crash path prints "Loading crashdump kernel..." (arch/arm/kernel/machine_kexec.c machine_crash_shutdown)
/// and machine_kexec "Bye!" as arm64's does: the jump into the capture kernel, after which the crashed kernel prints
/// nothing more (round 19: a Raspberry Pi 4's crash kernel oopsing in setup_arch before its command line).
/// </summary>
public class KdumpArmCrashdumpJumpTests
{
    private const string PanicThenJump = """
        [   62.206252] sysrq: Trigger a crash
        [   62.209711] Kernel panic - not syncing: sysrq triggered crash
        [   62.215548] CPU: 0 PID: 1236 Comm: bash Kdump: loaded Tainted: G        W         5.7.0-rc6 #174
        [   62.412647] Loading crashdump kernel...
        [   62.416628] Bye!

        """;

    private const string NextBootOopsInSetupArch = """
        Uncompressing Linux... done, booting the kernel.
        [    0.000000] Booting Linux on physical CPU 0x0
        [    0.000000] Linux version 5.7.0-rc6 (builder@host) (gcc version 8.3.0 (Debian 8.3.0-2)) #174 Tue May 19 2020
        [    0.000000] Unable to handle kernel paging request at virtual address d93f6000
        [    0.000000] Internal error: Oops: 5 [#1] ARM
        [    0.000000] Kernel panic - not syncing: Attempted to kill the idle task!
        [    0.000000] ---[ end Kernel panic - not syncing: Attempted to kill the idle task! ]---

        """;

    [Fact]
    public void Arms_loading_crashdump_kernel_is_the_jump_into_the_capture_kernel()
    {
        KdumpFinding attempt = Assert.Single(Attempts(PanicThenJump));
        Assert.Equal(KdumpOutcome.Unknown, attempt.Outcome);
        Assert.Contains("jumped into the capture kernel", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crash_in_the_boot_after_arms_jump_before_its_command_line_fails_the_capture_kernel()
    {
        KdumpFinding attempt = Assert.Single(Attempts(PanicThenJump + NextBootOopsInSetupArch));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, attempt.Outcome);
        Assert.Contains("Attempted to kill the idle task", attempt.Reason, StringComparison.Ordinal);
    }
}
