using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Round 22: SUSE kdump's save starts kdumptool's keyboard-LED blinker in the kdump initramfs only (init/save_dump.sh
/// `kdumptool ledblink` after its check that this is a kdump kernel; kdumptool SaveDump's BlinkProcess, "Cannot blink
/// LEDs: …"); on a serial console it fails with ledblink.cc's "Unable to ioctl(KDSETLED) -- are you not on the console?".
/// The line names no kdump word, but says that a capture kernel runs and its save has begun.
/// </summary>
public class KdumpSuseLedBlinkTests
{
    private static readonly string[] Panic =
    [
        "[496626.051460] sysrq: Trigger a crash",
        "[496626.054963] Kernel panic - not syncing: sysrq triggered crash",
        "[496626.060807] CPU: 27 PID: 3860549 Comm: bash Kdump: loaded Tainted: G               X    5.3.18-150300.59.87-default #1 SLE15-SP4",
        "[496626.083485] Call Trace:",
        "[496626.086033]  dump_stack+0x66/0x8b",
        "[496626.089440]  panic+0xfe/0x2e3",
    ];

    // The lines as the console showed them, their own printk times kept (the capture kernel's restart near 0).
    private static string Raw(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    [Fact]
    public void The_blinkers_failure_after_a_panic_is_the_capture_kernels_save_begun()
    {
        KdumpFinding a = Assert.Single(Attempts(Raw([
            .. Panic,
            "[    0.315879] [Firmware Bug]: the BIOS has corrupted hw-PMU resources (MSR 38d is b0)",
            "[    2.859879] mce: Unable to init MCE device (rc: -5)",
            "Unable to ioctl(KDSETLED) -- are you not on the console? (Inappropriate ioctl for device)"])));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.True(a.Armed);
        Assert.Equal("the console ends while the capture kernel saves the vmcore", a.Reason);
    }

    [Fact]
    public void A_reboot_after_the_blinker_started_and_before_any_completion_is_a_failed_save()
    {
        KdumpFinding a = Assert.Single(Attempts(Raw([
            .. Panic,
            "Cannot blink LEDs: Unable to ioctl(KDSETLED) -- are you not on the console? (Inappropriate ioctl for device).",
            "[   95.120000] reboot: Restarting system",
            "[    0.000000] Linux version 5.3.18-150300.59.87-default (geeko@buildhost) (gcc version 7.5.0 (SUSE Linux)) #1 SMP Thu Jul 21 14:31:28 UTC 2022 (cc90276)"])));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
    }

    [Fact]
    public void The_blinker_then_a_completed_save_is_saved()
    {
        KdumpFinding a = Assert.Single(Attempts(Raw([
            .. Panic,
            "Cannot blink LEDs: Unable to ioctl(KDSETLED) -- are you not on the console? (Inappropriate ioctl for device).",
            "Saving dump using makedumpfile",
            "The dumpfile is saved to /kdump/mnt0/var/crash/2024-04-12-14:27/vmcore.",
            "makedumpfile Completed.",
            "Dump saving completed."])));
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
    }

    [Fact]
    public void A_console_without_the_blinkers_words_is_read_as_before()
    {
        KdumpFinding a = Assert.Single(Attempts(Raw(Panic)));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.Equal("kdump was loaded; the console ends after the crash", a.Reason);
    }
}
