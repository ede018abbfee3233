using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.DetectorHarness;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// One test per message family, written from the tools' own format strings (README.md beside KdumpTracker lists them
/// with their sources): the kernel's reservation and jump, kdumpctl, Debian's kdump-config, SUSE's kdump-save,
/// kdump-utils' dracut module and makedumpfile.
/// </summary>
public class KdumpMessageTests
{
    private const string Banner = "Linux version 6.1.0-57-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3";
    private const string CaptureCmdline = "Kernel command line: elfcorehdr=0x6f000000 console=ttyS0 irqpoll nr_cpus=1 reset_devices panic=10";

    [Fact]
    public void An_x86_reservation_gives_the_size_in_bytes_and_an_armed_host_after_the_kexec_load()
    {
        KdumpFinding r = Assert.Single(Readiness(Console(
            Banner,
            "Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1 crashkernel=256M panic=10 oops=panic",
            "Reserving 256MB of memory at 3824MB for crashkernel (System RAM: 16383MB)",
            "kdump: kexec: loaded kdump kernel",
            "kdump: Starting kdump: [OK]")));
        Assert.True(r.Armed);
        Assert.Equal(256L << 20, r.CrashKernelBytes);
        Assert.Equal(10, r.PanicTimeout);
        Assert.True(r.PanicOnOops);
        Assert.Equal("kdump armed: crashkernel 256M reserved, capture kernel loaded", r.Reason);
    }

    [Fact]
    public void An_arm64_reservation_line_gives_its_size()
    {
        KdumpFinding r = Assert.Single(Readiness(Console(
            Banner,
            "crashkernel reserved: 0x00000000dfe00000 - 0x00000000efe00000 (256 MB)")));
        Assert.Null(r.Armed);
        Assert.Equal(256L << 20, r.CrashKernelBytes);
        Assert.Equal(KdumpOutcome.Unknown, r.Outcome);
    }

    [Theory]
    [InlineData("crashkernel reservation failed - No suitable area found.", "could not be reserved: No suitable area found")]
    [InlineData("crashkernel reservation failed - memory is in use.", "could not be reserved: memory is in use")]
    [InlineData("cannot allocate crashkernel (size:0x1f400000)", "could not be reserved: cannot allocate crashkernel (size:0x1f400000)")]
    [InlineData("crashkernel reservation failed: first memory chunk must be at least crashkernel size", "could not be reserved: first memory chunk must be at least crashkernel size")]
    [InlineData("crashkernel: memory value expected", "could not be reserved: the value cannot be read (memory value expected)")]
    [InlineData("crashkernel: Memory value expected", "could not be reserved: the value cannot be read (memory value expected)")]
    [InlineData("kexec_core: crashkernel: memory value expected", "could not be reserved: the value cannot be read (memory value expected)")]
    [InlineData("Cannot reserve 256MB crashkernel low memory, please try smaller size.", "could not be reserved: its low part found no room below 4 GB, so none was kept (Cannot reserve 256MB crashkernel low memory, please try smaller size)")]
    [InlineData("cannot reserve crashkernel: region overlaps reserved memory", "could not be reserved: region overlaps reserved memory")]
    [InlineData("cannot reserve crashkernel: region is not memory", "could not be reserved: region is not memory")]
    [InlineData("cannot reserve crashkernel: base address is not 2MB aligned", "could not be reserved: base address is not 2MB aligned")]
    [InlineData("cannot allocate crashkernel low memory (size:0x10000000).", "could not be reserved: cannot allocate crashkernel low memory (size:0x10000000).")]
    public void A_failed_reservation_means_not_armed_and_says_why(string line, string reason)
    {
        KdumpFinding r = Assert.Single(Readiness(Console(Banner, "Command line: root=/dev/vda crashkernel=512M", line)));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Contains("crashkernel=512M " + reason, r.Reason, StringComparison.Ordinal);
        Assert.Null(r.CrashKernelBytes);
    }

    [Fact]
    public void An_x86_high_region_with_its_low_part_gives_the_high_size_and_a_failed_low_part_nothing()
    {
        // x86 reserve_crashkernel (arch/x86/kernel/setup.c, 4.x-6.5) above 4 GB: the low part first, then the region
        // crashkernel= asked for (linuxhw AST2600EVB, round 26); when the low part finds no room, both are given up.
        KdumpFinding r = Assert.Single(Readiness(Console(
            Banner,
            "[    1.452348] Reserving 256MB of low memory at 1264MB for crashkernel (low RAM limit: 4096MB)",
            "[    1.461507] Reserving 1024MB of memory at 131824MB for crashkernel (System RAM: 130321MB)")));
        Assert.Null(r.Armed);
        Assert.Equal(1024L << 20, r.CrashKernelBytes);

        KdumpFinding failed = Assert.Single(Readiness(Console(
            Banner,
            "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 crashkernel=512M,high",
            "[    0.000000] Cannot reserve 256MB crashkernel low memory, please try smaller size.")));
        Assert.False(failed.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, failed.Outcome);
        Assert.Null(failed.CrashKernelBytes);
        Assert.Contains("low part found no room below 4 GB", failed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[    0.000000] crashkernel=auto resulted in zero bytes of reserved memory.")]
    [InlineData("[    0.000000] kexec: crashkernel=auto resulted in zero bytes of reserved memory.")]
    public void Rhel_crashkernel_auto_that_sized_nothing_means_not_armed(string line)
    {
        // RHEL 7's __parse_crashkernel (kernel/crash_core.c, CONFIG_KEXEC_AUTO_RESERVE) on a machine whose RAM its
        // crashkernel=auto table gives no size for: the warning, -ENOMEM, and no "Reserving …" line after it.
        KdumpFinding r = Assert.Single(Readiness(Console(
            "[    0.000000] Linux version 3.10.0-1127.18.2.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-39) (GCC) ) #1 SMP Sun Jul 26 15:27:06 UTC 2020",
            "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz-3.10.0-1127.18.2.el7.x86_64 root=/dev/mapper/centos-root ro crashkernel=auto rhgb quiet",
            "[    0.000000] Base memory trampoline at [ffff9102c0098000] 98000 size 24576",
            line,
            "[    0.000000] Early memory node ranges")));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Null(r.CrashKernelBytes);
        Assert.Contains("crashkernel=auto could not be reserved: auto sizing gave nothing", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rhel_crashkernel_auto_that_sized_nothing_is_not_armed_without_its_command_line_too()
    {
        // `dmesg | grep -i memory` keeps the warning alone.
        KdumpFinding r = Assert.Single(Readiness(Console(
            "[    0.000000] Base memory trampoline at [ffff9102c0098000] 98000 size 24576",
            "[    0.000000] crashkernel=auto resulted in zero bytes of reserved memory.",
            "[    0.000000] Early memory node ranges")));
        Assert.False(r.Armed);
        Assert.Contains("zero bytes of reserved memory", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rhel_crashkernel_auto_sizing_notes_before_a_reservation_say_nothing_against_it()
    {
        // RHEL 8's "Using crashkernel=auto, the size chosen is a best effort estimation." and RHEL 6's "Found %ldMB of
        // memory at %ldMB for crashkernel auto" come before the reservation line; the reservation decides (round 25).
        foreach (string note in new[]
        {
            "[    0.000000] Using crashkernel=auto, the size chosen is a best effort estimation.",
            "Found 130MB of memory at 48MB for crashkernel auto ",
        })
        {
            KdumpFinding r = Assert.Single(Readiness(Console(note, "Reserving 160MB of memory at 1872MB for crashkernel (System RAM: 2045MB)")));
            Assert.Null(r.Armed);
            Assert.Equal(160L << 20, r.CrashKernelBytes);
            Assert.Equal(KdumpOutcome.Unknown, r.Outcome);
        }
    }

    [Fact]
    public void Secure_boot_refusing_the_kdump_kernel_is_named_as_such()
    {
        KdumpFinding r = Assert.Single(Readiness(Console(
            Banner,
            "Reserving 192MB of memory at 640MB for crashkernel (System RAM: 4095MB)",
            "kdumpctl[812]: kexec_file_load failed: Required key not available",
            "kdumpctl[812]: kdump: kexec: failed to load kdump kernel",
            "kdumpctl[812]: kdump: Starting kdump: [FAILED]")));
        Assert.False(r.Armed);
        Assert.Contains("Required key not available (Secure Boot", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kdump_service_error_before_failed_is_the_reason()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "Feb  8 10:27:40 host kdumpctl[940]: kdump: No kdump initial ramdisk found.\n" +
            "Feb  8 10:27:40 host kdumpctl[940]: kdump: Starting kdump: [FAILED]\n"));
        Assert.False(r.Armed);
        Assert.Equal("kdump service failed: No kdump initial ramdisk found", r.Reason);
    }

    [Fact]
    public void A_boot_that_says_nothing_of_kdump_gives_no_readiness_finding()
    {
        Assert.Empty(Track(Console(Banner, "Command line: root=/dev/vda", "Memory: 4000000K/4194304K available", "systemd[1]: Started Journal Service.")));
    }

    [Fact]
    public void A_panic_that_counts_down_to_reboot_had_no_capture_kernel_loaded()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            Banner,
            "Command line: root=/dev/vda panic=10",
            "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)",
            "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0 #1",
            "Rebooting in 10 seconds..")));
        Assert.Equal(KdumpOutcome.NotArmed, a.Outcome);
        Assert.False(a.Armed);
        Assert.Equal("no capture kernel was loaded: the panic went on to reboot", a.Reason);
    }

    [Fact]
    public void Not_armed_at_boot_and_a_panic_gives_the_boot_reason_on_the_attempt()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            Banner,
            "Command line: root=/dev/vda crashkernel=2G",
            "crashkernel reservation failed - No suitable area found.",
            "Kernel panic - not syncing: Fatal exception",
            "---[ end Kernel panic - not syncing: Fatal exception ]---")));
        Assert.Equal(KdumpOutcome.NotArmed, a.Outcome);
        // The end marker is the proof, the boot's failed reservation the why.
        Assert.Equal("no capture kernel was loaded: the panic ran to its end marker (crashkernel=2G could not be reserved: No suitable area found)", a.Reason);
    }

    [Fact]
    public void A_capture_kernel_that_saves_gives_saved_with_the_vmcore_path()
    {
        List<KdumpFinding> all = Track(Console(
            Banner,
            "Command line: root=/dev/vda crashkernel=256M",
            "Reserving 256MB of memory at 3824MB for crashkernel (System RAM: 16383MB)",
            "kdump: kexec: loaded kdump kernel",
            "sysrq: Trigger a crash",
            "Kernel panic - not syncing: sysrq triggered crash",
            Banner,
            CaptureCmdline,
            "kdump[497]: saving to /sysroot/var/crash/127.0.0.1-2024-03-24-13:37:43/",
            "kdump[502]: saving vmcore-dmesg.txt to /sysroot/var/crash/127.0.0.1-2024-03-24-13:37:43/",
            "kdump[508]: saving vmcore-dmesg.txt complete",
            "kdump[510]: saving vmcore",
            "kdump.sh[511]: Copying data                                      : [100.0 %] |",
            "kdump[513]: saving vmcore complete",
            "kdump[515]: Executing final action systemctl reboot -f",
            "reboot: Restarting system",
            Banner,
            "Command line: root=/dev/vda crashkernel=256M"));
        KdumpFinding a = Assert.Single(all, f => f.Kind == KdumpFindingKind.DumpAttempt);
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
        Assert.True(a.Armed);
        Assert.Equal(256L << 20, a.CrashKernelBytes);
        Assert.Equal("/sysroot/var/crash/127.0.0.1-2024-03-24-13:37:43/vmcore", a.VmcorePath);
        Assert.Equal(
            ["crash report", "panic", "capture kernel booted", "save target chosen", "saving vmcore-dmesg.txt", "vmcore-dmesg.txt saved", "saving vmcore", "vmcore saved", "final action", "capture kernel reboots"],
            a.Timeline.Select(e => e.Event));
        Assert.Equal(5, a.StartLine);
        Assert.Equal(2, all.Count(f => f.Kind == KdumpFindingKind.Readiness));
        Assert.Equal(all.OrderBy(f => f.StartLine).Select(f => f.StartLine), all.Select(f => f.StartLine));
    }

    [Fact]
    public void A_dump_target_that_is_missing_is_the_reason_of_the_failed_save()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: sysrq triggered crash",
            Banner,
            CaptureCmdline,
            "kdump: dump target /dev/vda not found",
            "kdump: saving vmcore failed, _exitcode:1",
            "kdump: Executing final action reboot -f")));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.Equal("dump target /dev/vda not found", a.Reason);
    }

    [Fact]
    public void A_failed_save_with_nothing_but_its_exit_code_says_the_code()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: Fatal exception",
            Banner,
            CaptureCmdline,
            "kdump[510]: saving vmcore",
            "kdump[513]: saving vmcore failed, exitcode:3")));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.Equal("saving vmcore failed (exit code 3)", a.Reason);
    }

    [Fact]
    public void A_makedumpfile_error_is_the_reason_and_the_version_warning_alone_is_not()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: Fatal exception",
            Banner,
            CaptureCmdline,
            "kdump[497]: saving to /sysroot/var/crash/x/",
            "kdump[510]: saving vmcore",
            "kdump.sh[511]: The kernel version is not supported.",
            "kdump.sh[511]: The makedumpfile operation may be incomplete.",
            "kdump.sh[511]: write_buffer: Can't write the dump file(/sysroot/var/crash/x/vmcore-incomplete). No space left on device",
            "kdump.sh[511]: makedumpfile Failed.",
            "kdump[513]: saving vmcore failed, exitcode:1")));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.Equal("makedumpfile failed: write_buffer: Can't write the dump file(/sysroot/var/crash/x/vmcore-incomplete). No space left on device", a.Reason);
    }

    [Fact]
    public void The_version_warning_on_a_save_that_completes_is_still_saved()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: Fatal exception",
            Banner,
            CaptureCmdline,
            "kdump[510]: saving vmcore",
            "kdump.sh[511]: The kernel version is not supported.",
            "kdump.sh[511]: The makedumpfile operation may be incomplete.",
            "kdump[513]: saving vmcore complete")));
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
    }

    [Fact]
    public void A_capture_kernel_out_of_memory_names_the_reservation_as_too_small()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            Banner,
            "Command line: root=/dev/vda crashkernel=72M",
            "Reserving 72MB of memory at 416MB for crashkernel (System RAM: 511MB)",
            "kdump: kexec: loaded kdump kernel",
            "Kernel panic - not syncing: sysrq triggered crash",
            Banner,
            CaptureCmdline,
            "Out of memory and no killable processes...",
            "Kernel panic - not syncing: System is deadlocked on memory",
            "Rebooting in 10 seconds..")));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
        Assert.Equal("capture kernel ran out of memory while booting: crashkernel=72M is too small for this kernel", a.Reason);
        Assert.Equal(72L << 20, a.CrashKernelBytes);
    }

    [Fact]
    public void An_arm64_capture_kernel_with_elfcorehdr_in_the_device_tree_is_known_by_reset_devices()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000",
            "Internal error: Oops: 0000000096000005 [#1] SMP",
            "Kernel panic - not syncing: Oops: Fatal exception",
            "SMP: stopping secondary CPUs",
            "Starting crashdump kernel...",
            "Bye!",
            "Booting Linux on physical CPU 0x0000000000 [0x413fd0c1]",
            Banner,
            "Kernel command line: BOOT_IMAGE=(hd0,gpt2)/vmlinuz root=/dev/mapper/rhel-root irqpoll nr_cpus=1 reset_devices cgroup_disable=memory udev.children-max=2 panic=10 swiotlb=noforce novmcoredd cma=0 hugetlb_cma=0",
            "Out of memory and no killable processes...",
            "Kernel panic - not syncing: System is deadlocked on memory")));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
        Assert.Equal("capture kernel ran out of memory while booting: the crashkernel reservation is too small for this kernel", a.Reason);
        Assert.Equal(["crash report", "panic", "starting crashdump kernel", "bye", "capture kernel booted", "capture kernel out of memory", "capture kernel panic"], a.Timeline.Select(e => e.Event));
    }

    [Fact]
    public void A_capture_kernel_panic_of_its_own_is_a_failed_capture_kernel()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: Fatal exception in interrupt",
            Banner,
            CaptureCmdline,
            "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)")));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
        Assert.Equal("capture kernel panicked: VFS: Unable to mount root fs on unknown-block(0,0)", a.Reason);
    }

    [Fact]
    public void A_capture_kernel_with_no_crash_before_it_is_still_a_finding()
    {
        List<KdumpFinding> attempts = Attempts(Console(
            Banner,
            "Command line: root=/dev/vda crashkernel=256M",
            "Reserving 256MB of memory at 3824MB for crashkernel (System RAM: 16383MB)",
            "kdump: kexec: loaded kdump kernel",
            Banner,
            CaptureCmdline,
            "kdump: saving to /var/crash/127.0.0.1-2026-01-01-00:00:00/",
            "kdump: saving vmcore",
            "kdump: saving vmcore complete"));
        KdumpFinding a = Assert.Single(attempts);
        Assert.True(a.CaptureWithoutCrash);
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
        Assert.StartsWith("capture kernel booted with no crash report on the console; vmcore saved to /var/crash/", a.Reason, StringComparison.Ordinal);
        Assert.Equal(5, a.StartLine);
        // What the first kernel before it reserved: the reservation this capture kernel ran in.
        Assert.Equal(256L << 20, a.CrashKernelBytes);
    }

    [Fact]
    public void A_capture_kernel_with_no_crash_before_it_takes_no_size_from_an_older_boot_than_the_one_just_before()
    {
        // The first kernel's boot before it was not shown (the console began with an older boot, then a gap).
        List<KdumpFinding> attempts = Attempts(Console(
            Banner,
            "Command line: root=/dev/vda crashkernel=256M",
            Banner,
            CaptureCmdline,
            Banner,
            CaptureCmdline,
            "kdump: saving vmcore complete"));
        Assert.All(attempts.Skip(1), a => Assert.Null(a.CrashKernelBytes));
    }

    [Fact]
    public void Debian_kdump_tools_and_suse_kdump_save_lines_are_read()
    {
        KdumpFinding debian = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: Fatal exception",
            Banner,
            CaptureCmdline,
            "kdump-tools[769]: running makedumpfile -F -c -d 31 /proc/vmcore | compress > /var/crash/202601210724/dump-incomplete",
            "kdump-tools[769]: The dumpfile is saved to STDOUT.",
            "kdump-tools[769]: makedumpfile Completed.",
            "kdump-tools[747]:  * kdump-tools: saved vmcore in /var/crash/202601210724")));
        Assert.Equal(KdumpOutcome.Saved, debian.Outcome);
        Assert.Equal("/var/crash/202601210724", debian.VmcorePath);

        KdumpFinding suseFailed = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: Fatal exception",
            Banner,
            CaptureCmdline,
            "Saving dump using makedumpfile",
            "Error: Failed saving vmcore")));
        Assert.Equal(KdumpOutcome.SaveFailed, suseFailed.Outcome);

        KdumpFinding suse = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: Fatal exception",
            Banner,
            CaptureCmdline,
            "Saving dump using makedumpfile",
            "Copying data                       : [100.0 %] |",
            "Dump saving completed. Running a shell; exit will reboot.")));
        Assert.Equal(KdumpOutcome.Saved, suse.Outcome);
    }

    [Fact]
    public void An_oops_the_kernel_lives_through_is_no_dump_attempt()
    {
        Assert.Empty(Attempts(Console(
            Banner,
            "Command line: root=/dev/vda",
            "BUG: unable to handle page fault for address: 0000000000001234",
            "Oops: 0000 [#1] PREEMPT SMP NOPTI",
            "CPU: 1 PID: 4242 Comm: cat Not tainted 6.1.0 #1",
            "---[ end trace 0000000000000000 ]---",
            Banner,
            "Command line: root=/dev/vda")));
    }

    [Fact]
    public void A_panic_with_kdump_loaded_and_then_a_normal_boot_is_a_capture_kernel_that_never_came()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            Banner,
            "Command line: root=/dev/vda crashkernel=256M",
            "kdump: kexec: loaded kdump kernel",
            "Kernel panic - not syncing: Hard LOCKUP",
            Banner,
            "Command line: root=/dev/vda crashkernel=256M")));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
        Assert.True(a.Armed);
    }

    [Fact]
    public void Purgatory_after_a_crash_is_the_jump_but_a_plain_kexec_reboot_is_no_crash()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: Fatal exception",
            "kexec: Starting switchover sequence.",
            "I'm in purgatory")));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.True(a.Armed);
        Assert.Equal("jumped into the capture kernel; the console ends before it booted", a.Reason);

        Assert.Empty(Attempts(Console(
            Banner,
            "Command line: root=/dev/vda",
            "kexec_core: Starting new kernel",
            "I'm in purgatory",
            Banner,
            "Command line: root=/dev/vda")));
    }

    [Fact]
    public void A_crash_with_no_kdump_word_and_a_console_that_ends_is_unknown()
    {
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009")));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.Null(a.Armed);
    }

    [Theory]
    [InlineData("256M", null, 256L << 20)]
    [InlineData("512M@16M", null, 512L << 20)]
    [InlineData("256M,high", null, 256L << 20)]
    [InlineData("1G-4G:192M,4G-64G:256M,64G-:512M", 16L << 30, 256L << 20)]
    [InlineData("1G-4G:192M,4G-:256M", null, null)]
    [InlineData("auto", null, null)]
    public void Crashkernel_values_are_read_as_the_kernel_reads_them(string value, long? ram, long? bytes) =>
        Assert.Equal(bytes, CrashKernelSize.FromArgument(value, ram));
}
