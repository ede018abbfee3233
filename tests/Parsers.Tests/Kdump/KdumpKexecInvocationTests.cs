using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// kexec-tools prints "kexec_file_load failed: %s" (do_kexec_file_load), "kexec_load failed: %s" (my_load) and
/// locate_hole's "Could not find a free area of memory" for -l and -p alike: only the command line before says whether
/// the crash kernel was being loaded. And systemctl's own "Job for kdump.service failed …" (systemd
/// src/shared/bus-wait-for-jobs.c) says the arming unit failed to start.
/// </summary>
public class KdumpKexecInvocationTests
{
    [Fact]
    public void A_failed_plain_kexec_load_is_no_word_on_kdump()
    {
        Assert.Empty(Track(
            "+ /root/kexec/kexec/kexec --load /root/kexec/kexec/bzImage --kexec-syscall-auto --initrd=/root/kexec/kexec/initrd --no-checks\n" +
            "kexec_file_load failed: No data available\n" +
            "kexec failed, dumping dmesg\n"));
    }

    [Fact]
    public void A_failed_panic_load_still_leaves_kdump_not_armed()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "+ /sbin/kexec -p /boot/vmlinuz --initrd=/boot/initrd.img --append='reset_devices nr_cpus=1'\n" +
            "kexec_file_load failed: No data available\n"));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Contains("kexec could not load the capture kernel", r.Reason);
    }

    [Fact]
    public void A_word_that_only_holds_kexec_is_no_plain_load()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "# ls -l /var/crash/kexec_cmd\n" +
            "kexec_file_load failed: No data available\n"));
        Assert.False(r.Armed);
    }

    [Theory]
    [InlineData("/sbin/kexec -p /boot/vmlinuz", true)]
    [InlineData("kexec --load-panic vmlinuz", true)]
    [InlineData("+ /root/kexec/kexec --load /root/kexec/bzImage", false)]
    [InlineData("# kexec -l vmlinuz --reuse-cmdline --initrd=initrd_file", false)]
    [InlineData("kexec_cmd -l", null)]
    [InlineData("kexec -e", null)]
    [InlineData("kexec --force /tmp/kernel --initrd /tmp/ramdisk --dtb /tmp/dtb", false)]
    [InlineData("# kexec -f /boot/vmlinuz --reuse-cmdline", false)]
    public void The_kind_of_load_comes_from_kexecs_own_options(string line, bool? panic)
    {
        Assert.Equal(panic, KexecInvocation.Loads(line));
    }

    [Theory]
    [InlineData("Job for kdump.service failed because the control process exited with error code. See \"systemctl status kdump.service\" and \"journalctl -xe\" for details.")]
    [InlineData("Job for kdump-tools.service failed.")]
    public void Systemctls_failed_job_leaves_kdump_not_armed(string line)
    {
        KdumpFinding r = Assert.Single(Readiness(line + "\n"));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Equal("kdump service failed", r.Reason);
    }

    [Fact]
    public void A_forced_kexec_that_later_fails_to_load_is_no_word_on_kdump()
    {
        // kexec/kexec.c main: OPT_FORCE loads and executes at once, a plain reboot; only OPT_PANIC loads the crash kernel.
        Assert.Empty(Track(
            "kexec --force /tmp/kernel --initrd /tmp/ramdisk --dtb /tmp/dtb --command-line='console=ttyS0,115200n8'\n" +
            "[   71.039126] kexec_core: Starting new kernel\n" +
            "[   71.489070] Bye!\n" +
            "Could not find a free area of memory of 0x86c1c0 bytes...\n" +
            "Cannot load /tmp/kernel\n"));
    }
}
