using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Microdroid's crash kernel runs crashdump as init (packages/modules/Virtualization microdroid/kdump/crashdump.c):
/// "Crashdump started", a dot per percent of /proc/vmcore copied to the host, "done", then reboot(2) with the command
/// "kernel panic"; "Crashdump failed" after a failed step (round 17: Android's ramdump example, docs/debug/ramdump.md).
/// </summary>
public class KdumpMicrodroidCrashdumpTests
{
    private const string Jump =
        "[   14.949892][  T148] sysrq: Trigger a crash\n" +
        "[   14.952133][  T148] Kernel panic - not syncing: sysrq triggered crash\n" +
        "[   14.955309][  T148] CPU: 0 PID: 148 Comm: sh Kdump: loaded Not tainted 5.15.60-android14-5-04357-gbac79d727aea-ab9013362 #1\n" +
        "[   14.998693][  T148] Starting crashdump kernel...\n" +
        "[   14.999411][  T148] Bye!\n" +
        "Booting Linux on physical CPU 0x0000000000 [0x412fd050]\n" +
        "Linux version 5.15.44+ (build-user@build-host) #1 SMP PREEMPT Thu Jul 7 02:57:03 UTC 2022\n" +
        "Run /bin/crashdump as init process\n";

    [Fact]
    public void Crashdumps_reboot_after_the_copy_is_a_saved_vmcore_though_a_kernel_message_broke_its_dots()
    {
        KdumpFinding a = Assert.Single(Attempts(Jump +
            "Crashdump started\n" +
            "Size is 98836480 bytes\n" +
            ".....................................................................random: crng init done\n" +
            "...............................done\n" +
            "reboot: Restarting system with command 'kernel panic'\n"));
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
        Assert.True(a.Armed);
        Assert.Null(a.VmcorePath);
        Assert.StartsWith("vmcore saved to the host (Microdroid's crashdump", a.Reason);
    }

    [Fact]
    public void Crashdump_failed_is_a_failed_save()
    {
        KdumpFinding a = Assert.Single(Attempts(Jump +
            "Crashdump started\n" +
            "Failed to open /proc/vmcore:No such file or directory\n" +
            "Crashdump failed\n" +
            "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100\n"));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.Equal("Microdroid's crashdump failed", a.Reason);
    }

    [Fact]
    public void A_console_that_ends_while_crashdump_copies_is_left_undecided()
    {
        KdumpFinding a = Assert.Single(Attempts(Jump +
            "Crashdump started\n" +
            "Size is 98836480 bytes\n" +
            "..........................\n"));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.Equal("the console ends while the capture kernel saves the vmcore", a.Reason);
    }

    [Fact]
    public void Crashdump_words_without_a_jump_before_them_are_no_dump()
    {
        Assert.Empty(Attempts(
            "Apr 01 10:00:00 bmc crashdump[812]: Crashdump started\n" +
            "Apr 01 10:00:09 bmc crashdump[812]: Crashdump failed\n" +
            "reboot: Restarting system with command 'kernel panic'\n"));
    }

    [Fact]
    public void A_reboot_after_bye_with_no_banner_between_is_no_panic_going_on()
    {
        // machine_kexec does not return: after "Bye!" the reboot is the next kernel's, not the crashed one counting down.
        KdumpFinding a = Assert.Single(Attempts(
            "[   14.952133] Kernel panic - not syncing: sysrq triggered crash\n" +
            "[   14.955309] CPU: 0 PID: 148 Comm: sh Kdump: loaded Not tainted 5.15.60 #1\n" +
            "[   14.998693] Starting crashdump kernel...\n" +
            "[   14.999411] Bye!\n" +
            "reboot: Restarting system with command 'kernel panic'\n"));
        Assert.NotEqual(KdumpOutcome.CaptureKernelFailed, a.Outcome);
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
    }
}
