using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// The kernel prints its command line on one line (init/main.c start_kernel, "Kernel command line: %s\n"); a mail client
/// wraps it at a space and keeps the space at the end of the broken line (format=flowed, RFC 3676 §4.2). A command line
/// ending in a space continues on the next lines that hold arguments only (a '=', no quote, no message's "word:"), which
/// no message the kernel prints after its command line does (round 19: 2.6.12 and 2.6.13 kdump kernels posted by mail,
/// elfcorehdr= on the third line).
/// </summary>
public class KdumpWrappedCommandLineTests
{
    // 2.6-era consoles print no times; the sysrq-c of those kernels called crash_kexec directly ("Trigger a crashdump").
    private const string CrashThenWrappedCaptureKernel =
        "SysRq : Trigger a crashdump\n"
        + "Linux version 2.6.12-rc2-mm1 (root@x206h) (gcc version 3.3.3 (SuSE Linux)) #2 SMP PREEMPT Wed Apr 20 18:58:46 IST 2005\n"
        + "Kernel command line: root=/dev/sda5 init 1 vga=0x31a selinux=0 \n"
        + "splash=silent resume=/dev/sda6 showopts \n"
        + "console=tty0 console=ttyS0,38400n1 memmap=exactmap memmap=640K@0K \n"
        + "memmap=5008K@16384K memmap=43503K@22033K elfcorehdr=22032K\n"
        + "PID hash table entries: 512 (order: 9, 8192 bytes)\n"
        + "Booting processor 1/0 eip 3000\n";

    [Fact]
    public void Elfcorehdr_on_a_wrapped_command_lines_continuation_makes_the_boot_the_capture_kernel()
    {
        KdumpFinding attempt = Assert.Single(Attempts(CrashThenWrappedCaptureKernel));
        Assert.Equal(KdumpOutcome.Unknown, attempt.Outcome);
        Assert.Equal(true, attempt.Armed);
        Assert.Contains("while the capture kernel boots", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crashkernel_argument_on_a_continuation_gives_the_first_kernels_reservation_size()
    {
        KdumpFinding readiness = Assert.Single(Readiness(
            "Linux version 2.6.18-8.el5 (brewbuilder@hs20-bc1-7.build.redhat.com) #1 SMP Fri Jan 26 14:15:14 EST 2007\n"
            + "Kernel command line: ro root=/dev/VolGroup00/LogVol00 rhgb \n"
            + "quiet crashkernel=128M@16M\n"
            + "Initializing CPU#0\n"));
        Assert.Equal(128L << 20, readiness.CrashKernelBytes);
    }

    [Fact]
    public void A_command_line_ending_in_a_space_followed_by_the_kernels_next_message_ends_there()
    {
        // A real trailing space (kexec-tools leaves one): the kernel's next messages quote or name what they print.
        List<KdumpFinding> attempts = Attempts(
            "[    0.000000] Linux version 6.1.0 (builder@host) (gcc 12.2.0) #1 SMP PREEMPT_DYNAMIC\n"
            + "[    0.000000] Kernel command line: root=/dev/vda1 ro console=ttyS0 \n"
            + "[    0.000000] Unknown kernel command line parameters \"elfcorehdr=0x1000\", will be passed to user space.\n"
            + "[   10.000000] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n"
            + "[   10.000001] Rebooting in 10 seconds..\n");
        KdumpFinding attempt = Assert.Single(attempts);
        Assert.Equal(KdumpOutcome.NotArmed, attempt.Outcome);
    }

    [Fact]
    public void A_message_after_an_untimed_command_line_ending_in_a_space_is_read_as_itself()
    {
        KdumpFinding attempt = Assert.Single(Attempts(
            "Linux version 2.6.13.1 (root@host) (gcc version 3.3.5) #5 Tue Sep 13 08:36:21 PDT 2005\n"
            + "Kernel command line: root=/dev/md0 init 1 console=ttyS0,38400 \n"
            + "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n"
            + "Rebooting in 10 seconds..\n"));
        Assert.Equal(KdumpOutcome.NotArmed, attempt.Outcome);
    }

    [Fact]
    public void A_wrapped_capture_kernel_command_line_after_purgatory_keeps_the_crash_its_attempt()
    {
        KdumpFinding attempt = Assert.Single(Attempts(
            "SysRq : Trigger a crashdump\n"
            + "I'm in purgatory\n"
            + "Linux version 2.6.13.1-kdump (root@freshair1) (gcc version 3.3.5 (Debian 1:3.3.5-13)) #5 Tue Sep 13 2005\n"
            + "Kernel command line: root=/dev/md0 init 1 irqpoll console=ttyS0,38400 \n"
            + "memmap=exactmap memmap=640K@0K memmap=3356K@16384K \n"
            + "memmap=61539K@20381K elfcorehdr=20380K\n"
            + "kernel BUG at <bad filename>:65464!\n"
            + "invalid operand: 0000 [#1]\n"
            + "<0>Kernel panic - not syncing: Attempted to kill init!\n"));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, attempt.Outcome);
        Assert.Equal(1, attempt.StartLine);
        Assert.Contains("Attempted to kill init", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_devices_opening_a_continuation_makes_the_boot_the_capture_kernel()
    {
        // arm64 passes elfcorehdr= in the device tree: there the kdump tools' reset_devices tells, and a wrap may put it
        // first on the next line, with no space before it.
        KdumpFinding attempt = Assert.Single(Attempts(
            "[   62.206252] sysrq: Trigger a crash\n"
            + "[   62.209711] Kernel panic - not syncing: sysrq triggered crash\n"
            + "[   62.215548] CPU: 0 PID: 1236 Comm: bash Kdump: loaded Not tainted 6.1.0 #1\n"
            + "[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x410fd083]\n"
            + "[    0.000000] Linux version 6.1.0 (builder@host) (gcc 12.2.0) #1 SMP PREEMPT\n"
            + "[    0.000000] Kernel command line: BOOT_IMAGE=/vmlinuz-6.1.0 ro console=ttyAMA0 irqpoll nr_cpus=1 \n"
            + "reset_devices cgroup_disable=memory udev.children-max=2 panic=10\n"
            + "[    2.000000] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100\n"));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, attempt.Outcome);
        Assert.Contains("Attempted to kill init", attempt.Reason, StringComparison.Ordinal);
    }
}
