using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.DetectorHarness;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Messages of the arches that hand the capture kernel its elfcorehdr in the device tree (arm64, riscv), where the
/// capture kernel's command line need not say what it is (README.md beside KdumpTracker names file and function).
/// </summary>
public class KdumpDeviceTreeArchTests
{
    private const string Jump = """
        Kernel panic - not syncing: sysrq triggered crash
        CPU: 0 PID: 4064 Comm: sh Kdump: loaded Tainted: G O 5.0.0 #1
        SMP: stopping secondary CPUs
        Starting crashdump kernel...
        Bye!
        Booting Linux on physical CPU 0x0000000000 [0x410fd083]
        Linux version 5.0.0 (oe-user@oe-host) (gcc version 7.3.0 (GCC)) #1 SMP Fri Apr 26 03:06:15 UTC 2019
        """;

    [Fact]
    public void The_elfcorehdr_reservation_makes_the_boot_a_capture_kernel_whose_panic_is_the_attempts_failure()
    {
        // arch/arm64/mm/init.c reserve_elfcorehdr(): pr_info("Reserving %lldKB of memory at 0x%llx for elfcorehdr\n")
        // only when the device tree holds linux,elfcorehdr, which kexec-tools writes for a crash kernel alone.
        KdumpFinding a = Assert.Single(Attempts(Jump + "\n" + Console(
            "cannot allocate crashkernel (size:0x20000000)",
            "Reserving 2KB of memory at 0xffdff000 for elfcorehdr",
            "Kernel command line: FS2:\\Image.1 root=/dev/mmcblk0p3 rw rootwait",
            "Internal error: Oops: 96000005 [#1] SMP",
            "Kernel panic - not syncing: Attempted to kill the idle task!",
            "---[ end Kernel panic - not syncing: Attempted to kill the idle task! ]---")));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
        Assert.Equal("capture kernel panicked: Attempted to kill the idle task!", a.Reason);
        Assert.Contains(a.Timeline, e => e.Event == "capture kernel booted");
    }

    [Fact]
    public void The_capture_kernels_own_crashkernel_failure_is_no_first_kernels_readiness()
    {
        KdumpFinding r = Assert.Single(Readiness(Jump + "\n" + Console(
            "cannot allocate crashkernel (size:0x20000000)",
            "Reserving 2KB of memory at 0xffdff000 for elfcorehdr",
            "Kernel panic - not syncing: Attempted to kill the idle task!")));
        Assert.True(r.Armed);
    }

    [Theory]
    [InlineData("OF: fdt: elfcorehdr is overlapped")]
    [InlineData("OF: fdt: elfcorehdr is overlapped (addr=0xffdff000, size=2048)")]
    [InlineData("OF: fdt: Reserving 2 KiB of memory at 0xffdff000 for elfcorehdr")]
    public void The_elfcorehdr_warning_or_reservation_of_drivers_of_fdt_makes_the_boot_a_capture_kernel(string line)
    {
        // drivers/of/fdt.c fdt_reserve_elfcorehdr() (5.15+): pr_warn("elfcorehdr is overlapped\n") when the range is
        // already reserved, else pr_info("Reserving %llu KiB of memory at 0x%llx for elfcorehdr\n"); it returns at once
        // unless elfcorehdr_size came from the device tree's linux,elfcorehdr, which only a crash kernel is given.
        KdumpFinding a = Assert.Single(Attempts(Jump + "\n" + Console(line, "Kernel command line: root=/dev/mmcblk0p3 rw rootwait")));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.Contains(a.Timeline, e => e.Event == "capture kernel booted");
    }

    [Fact]
    public void A_new_boot_after_the_jump_without_the_elfcorehdr_line_is_still_read_as_a_normal_boot()
    {
        // Without its own word (and with no elfcorehdr= or reset_devices on the command line) the boot is not called a
        // capture kernel: the machine came back in a normal kernel.
        KdumpFinding a = Assert.Single(Attempts(Jump + "\n" + Console(
            "Kernel command line: root=/dev/mmcblk0p3 rw rootwait")));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
        Assert.Contains("came back without a capture kernel", a.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("crashkernel: reserved 0x00000000d7400000 - 0x00000000f7400000 (512 MB)", 512L << 20)]
    [InlineData("crashkernel reserved: 0x00000000dfe00000 - 0x00000000efe00000 (256 MB)", 256L << 20)]
    public void The_riscv_and_generic_reservation_lines_give_the_size(string line, long bytes)
    {
        // arch/riscv/mm/init.c reserve_crashkernel (5.13-6.6): "crashkernel: reserved 0x%016llx - 0x%016llx (%lld MB)";
        // arm64 and kernel/crash_reserve.c: "crashkernel reserved: 0x%016llx - 0x%016llx (%lld MB)".
        KdumpFinding r = Assert.Single(Readiness(Console(
            "Linux version 6.5.0-rc2 (geeko@buildhost) #3 SMP",
            line)));
        Assert.Equal(bytes, r.CrashKernelBytes);
        Assert.NotEqual(KdumpOutcome.NotArmed, r.Outcome);
    }

    [Fact]
    public void The_riscv_allocation_failure_means_not_armed()
    {
        // arch/riscv/mm/init.c reserve_crashkernel: pr_warn("crashkernel: couldn't allocate %lldKB\n").
        KdumpFinding r = Assert.Single(Readiness(Console(
            "Linux version 6.1.0 (geeko@buildhost) #1 SMP",
            "crashkernel: couldn't allocate 524288KB")));
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.False(r.Armed);
    }
}
