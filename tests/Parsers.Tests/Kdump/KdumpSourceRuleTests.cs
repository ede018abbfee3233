using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.DetectorHarness;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Rules added after reading the real consoles of Fixtures/kdump, each written from the tool's own message format
/// (README.md beside KdumpTracker names file and function): the kernel's end-of-panic marker, kdump-utils' capture
/// service, the core collector's own complaint and the shell's report of its death, kexec's wrapped Secure Boot error.
/// </summary>
public class KdumpSourceRuleTests
{
    private const string Banner = "Linux version 6.1.0-57-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3";

    [Fact]
    public void A_panic_that_runs_to_its_end_marker_means_no_capture_kernel_was_loaded()
    {
        // kernel/panic.c: pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf) comes after __crash_kexec()
        // found nothing to jump to; the marker repeats the panic text, so it must not read as a second panic.
        KdumpFinding a = Assert.Single(Attempts(Console(
            Banner,
            "sysrq: Trigger a crash",
            "Kernel panic - not syncing: sysrq triggered crash",
            "CPU: 0 UID: 0 PID: 1567 Comm: bash Not tainted 6.1.0-57-amd64 #1",
            "Kernel Offset: 0x30800000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)",
            "---[ end Kernel panic - not syncing: sysrq triggered crash ]---")));
        Assert.Equal(KdumpOutcome.NotArmed, a.Outcome);
        Assert.False(a.Armed);
        Assert.Equal("no capture kernel was loaded: the panic ran to its end marker", a.Reason);
    }

    [Fact]
    public void A_loaded_kdump_whose_panic_runs_to_its_end_marker_did_not_jump()
    {
        // "Kdump: loaded" on the CPU line (lib/dump_stack.c) and still the end marker: __crash_kexec() did not take over.
        KdumpFinding a = Assert.Single(Attempts(Console(
            Banner,
            "Kernel panic - not syncing: sysrq triggered crash",
            "CPU: 0 UID: 0 PID: 1567 Comm: bash Kdump: loaded Not tainted 6.1.0-57-amd64 #1",
            "---[ end Kernel panic - not syncing: sysrq triggered crash ]---")));
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, a.Outcome);
        Assert.Contains("did not jump", a.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("systemd[1]: Starting kdump-capture.service - Kdump Vmcore Save Service...")]
    [InlineData("Starting Kdump Vmcore Save Service...")]
    public void The_kdump_save_service_starting_means_the_capture_kernel_booted(string line)
    {
        // kdump-utils dracut/99kdumpbase/kdump-capture.service: Description=Kdump Vmcore Save Service,
        // ConditionPathExists=/etc/initrd-release: it runs only in the kdump initramfs, that is in the capture kernel.
        KdumpFinding a = Assert.Single(Attempts(
            "2026-08-28 02:17:59,241:op-test.common.OpTestUtil:monitor_hmc_console:INFO:[KDUMP] [    6.462302] " + line + "\n" +
            "2026-08-28 02:17:59,252:op-test.common.OpTestUtil:monitor_hmc_console:INFO:[KDUMP] [    6.473061] kdump[505]: Kdump is using the default log level(3).\n"));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.True(a.Armed);
        Assert.Equal("the console ends while the capture kernel boots", a.Reason);
        Assert.Contains(a.Timeline, e => e.Event == "capture kernel booted");
    }

    [Fact]
    public void A_console_that_ends_after_the_save_target_was_chosen_ends_while_saving()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "Dec 15 20:51:01 localhost.localdomain systemd[1]: Starting Kdump Vmcore Save Service...\n" +
            "Dec 15 20:51:01 localhost.localdomain kdump[630]: saving to /sysroot/var/crash/127.0.0.1-2021-12-15-20:51:01/\n"));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.Equal("the console ends while the capture kernel saves the vmcore", a.Reason);
    }

    [Fact]
    public void The_kdump_save_service_failing_before_any_save_line_is_a_failed_save()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "[    6.462302] systemd[1]: Starting kdump-capture.service - Kdump Vmcore Save Service...\n" +
            "[    6.812002] systemd[1]: Failed to start kdump-capture.service - Kdump Vmcore Save Service.\n"));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.Equal("the kdump save service (kdump.sh) failed before saving the vmcore", a.Reason);
    }

    [Fact]
    public void A_completed_save_stays_saved_whatever_systemd_says_of_the_service_after()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "systemd[1]: Starting kdump-capture.service - Kdump Vmcore Save Service...\n" +
            "kdump[453]: saving to /sysroot/var/crash/127.0.0.1-2021-11-11-14:59:22/\n" +
            "kdump[467]: saving vmcore\n" +
            "kdump[470]: saving vmcore complete\n" +
            "systemd[1]: Failed to start kdump-capture.service - Kdump Vmcore Save Service.\n"));
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
    }

    [Fact]
    public void The_directory_named_by_saving_to_wins_over_the_device_named_by_dump_target_is()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "kdump: dump target is /dev/vda2\n" +
            "kdump: saving to /sysroot//var/crash/127.0.0.1-2018-02-07-07:31:56/\n" +
            "kdump: saving vmcore\n" +
            "kdump: saving vmcore complete\n"));
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
        Assert.Equal("/sysroot//var/crash/127.0.0.1-2018-02-07-07:31:56/vmcore", a.VmcorePath);
    }

    [Fact]
    public void The_first_kernels_kdump_arming_service_is_not_a_capture_kernel()
    {
        KdumpFinding r = Assert.Single(Track(Console(
            Banner,
            "systemd[1]: Starting kdump.service - Crash recovery kernel arming...",
            "kdumpctl[940]: kdump: kexec: loaded kdump kernel")));
        Assert.Equal(KdumpFindingKind.Readiness, r.Kind);
        Assert.True(r.Armed);
    }

    [Fact]
    public void The_core_collectors_own_error_on_proc_vmcore_is_the_reason_of_the_failed_save()
    {
        // kdump.conf allows "core_collector cp"; GNU cp reports "cp: error reading %s: %s" before kdump.sh's failure.
        KdumpFinding a = Assert.Single(Attempts(
            "ioremap on RAM at 0x0000000000040000 - 0x0000000000040fff\n" +
            "cp: error reading '/proc/vmcore': Cannot allocate memory\n" +
            "kdump: saving vmcore failed\n"));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.Equal("cp: error reading '/proc/vmcore': Cannot allocate memory", a.Reason);
    }

    [Fact]
    public void A_core_collector_killed_by_a_signal_is_the_reason_of_the_failed_save()
    {
        // kdump-lib-initramfs.sh runs "$CORE_COLLECTOR /proc/vmcore …"; when it dies of a signal the shell reports the
        // job as "line N:  PID <signal description>  <command>".
        KdumpFinding a = Assert.Single(Attempts(
            "kdump: saving to /sysroot//var/crash/127.0.0.1-2020-01-16-02:06:14/\n" +
            "kdump: saving vmcore\n" +
            "[   44.337708] makedumpfile[469]: unhandled signal 7 at 00007fffba400000 nip 00007fffbbc4d7fc lr 000000011356ca3c code 2\n" +
            "/lib/kdump-lib-initramfs.sh: line 98:   469 Bus error               $CORE_COLLECTOR /proc/vmcore $_mp/$KDUMP_PATH/$HOST_IP-$DATEDIR/vmcore-incomplete\n" +
            "kdump: saving vmcore failed\n"));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.Equal("the core collector died: Bus error", a.Reason);
    }

    [Fact]
    public void The_dmesg_collectors_crash_does_not_fail_a_vmcore_that_was_saved()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "kdump: saving to /sysroot//var/crash/127.0.0.1-2018-05-22-12:34:45/\n" +
            "kdump: saving vmcore-dmesg.txt\n" +
            "/lib/kdump-lib-initramfs.sh: line 118:   459 Segmentation fault      $_dmesg_collector /proc/vmcore > ${_path}/vmcore-dmesg-incomplete.txt\n" +
            "kdump: saving vmcore-dmesg.txt failed\n" +
            "kdump: saving vmcore\n" +
            "kdump: saving vmcore complete\n"));
        Assert.Equal(KdumpOutcome.Saved, a.Outcome);
    }

    [Fact]
    public void A_makedumpfile_error_stays_the_reason_over_the_dmesg_collectors_complaint()
    {
        KdumpFinding a = Assert.Single(Attempts(
            "kdump.sh[297]: kdump: saving vmcore-dmesg.txt to /sysroot//var/crash//127.0.0.1-2023-07-14-13:32:34/\n" +
            "kdump.sh[331]: Cannot open /proc/vmcore: No such file or directory\n" +
            "kdump.sh[297]: kdump: saving vmcore-dmesg.txt failed\n" +
            "kdump.sh[297]: kdump: saving vmcore\n" +
            "kdump.sh[332]: open_dump_memory: Can't open the dump memory(/proc/vmcore). No such file or directory\n" +
            "kdump.sh[332]: makedumpfile Failed.\n" +
            "kdump.sh[297]: kdump: saving vmcore failed, _exitcode:1\n"));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.StartsWith("makedumpfile failed: open_dump_memory:", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrapped_Secure_Boot_refusal_is_still_named()
    {
        // kexec-tools do_kexec_file_load: "kexec_file_load failed: %s" with strerror(ENOKEY), "Required key not
        // available"; documents and mails wrap it.
        KdumpFinding r = Assert.Single(Readiness(
            "Jun 24 03:12:18 vmx209-ps kdumpctl[930]: kexec_file_load failed: Required key\n" +
            "not available\n" +
            "Jun 24 03:12:18 vmx209-ps kdumpctl[930]: kexec: failed to load kdump kernel\n" +
            "Jun 24 03:12:18 vmx209-ps kdumpctl[930]: Starting kdump: [FAILED]\n"));
        Assert.False(r.Armed);
        Assert.Contains("(Secure Boot", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_kexec_load_is_told_in_the_tools_words_without_the_journal_prefix()
    {
        KdumpFinding r = Assert.Single(Readiness(
            "Jul 18 14:44:32 ip-10-0-74-126 kdumpctl[807]: kdump: kexec: failed to load kdump kernel\n" +
            "Jul 18 14:44:32 ip-10-0-74-126 kdumpctl[807]: kdump: Starting kdump: [FAILED]\n"));
        Assert.False(r.Armed);
        Assert.Equal("kexec could not load the capture kernel (kexec: failed to load kdump kernel)", r.Reason);
    }

    [Theory]
    [InlineData("[    0.000000] fadump: Failed to find memory chunk for reservation!", "Failed to find memory chunk for reservation")]
    [InlineData("[    0.000000] fadump: Failed to find memory chunk for reservation", "Failed to find memory chunk for reservation")]
    [InlineData("[    0.000000] fadump: Failed to reserve memory!", "Failed to reserve memory")]
    [InlineData("[    0.000000] fadump: Can't enable fadump with boot memory size (0x10000000) less than 0x40000000", "boot memory size")]
    [InlineData("[    0.000000] fadump: Too many holes in boot memory area to enable fadump", "Too many holes")]
    public void A_fadump_reservation_that_gives_up_leaves_fadump_disabled(string line, string why)
    {
        // arch/powerpc/kernel/fadump.c fadump_reserve_mem: every one of these goes to error_out, which clears
        // fw_dump.fadump_enabled (round 28: a QEMU PowerNV guest with 1 GB, "Failed to find memory chunk for reservation!").
        KdumpFinding r = Assert.Single(Readiness(Console(
            "Linux version 6.14.0-rc4 (root@buildroot) #1 SMP",
            "Kernel command line: root=/dev/vda debug fadump=on",
            line)));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Null(r.CrashKernelBytes);
        Assert.StartsWith("fadump unavailable: ", r.Reason, StringComparison.Ordinal);
        Assert.Contains(why, r.Reason, StringComparison.Ordinal);
        Assert.Empty(Attempts(Console("Linux version 6.14.0-rc4 (root@buildroot) #1 SMP", line)));
    }

    [Theory]
    [InlineData("[    0.000000] memblock: Failed to find memory chunk for reservation")]
    [InlineData("[    0.000000] foo: Failed to reserve memory!")]
    public void The_same_words_without_fadump_on_the_line_are_no_fadump_verdict(string line)
    {
        // Only fadump.c's pr_fmt names fadump; the shared words alone decide nothing.
        Assert.DoesNotContain(Track(Console("Linux version 6.14.0-rc4 (root@buildroot) #1 SMP", line)), f => f.Armed == false);
    }

    [Fact]
    public void A_registered_fadump_reservation_makes_the_first_kernel_armed_with_its_size()
    {
        // arch/powerpc/kernel/fadump.c fadump_reserve_mem: "Reserved %lldMB of memory at %#016llx (System RAM: %lldMB)"
        // (pr_fmt "fadump: "); rtas-fadump.c / opal-fadump.c register: "Registration is successful!".
        KdumpFinding r = Assert.Single(Readiness(Console(
            "Linux version 6.12.0-rc4+ (root@buildroot) #1 SMP",
            "fadump: Reserved 1024MB of memory at 0x00000040000000 (System RAM: 4096MB)",
            "rtas fadump: Registration is successful!")));
        Assert.True(r.Armed);
        Assert.Equal(1024L << 20, r.CrashKernelBytes);
        Assert.Equal("kdump armed: crashkernel 1G reserved, fadump registered", r.Reason);
    }

    [Fact]
    public void A_fadump_boot_right_after_the_first_kernels_lines_is_a_new_boot_that_keeps_the_first_kernels_readiness()
    {
        // "Firmware-assisted dump is active." is printed from setup_arch of the kernel that boots with the old memory
        // preserved: a boot starts there even when the console shows no banner between the two.
        List<KdumpFinding> all = Track(
            "    [    0.000000] fadump: Reserved 1024MB of memory at 0x00000040000000 (System RAM: 4096MB)\n" +
            "    [    1.084686] rtas fadump: Registration is successful!\n" +
            "    # echo c > /proc/sysrq-trigger\n" +
            "    [    0.000000] rtas fadump: Firmware-assisted dump is active.\n" +
            "    [    0.000000] fadump: Reserving 3072MB of memory at 0x00000040000000 for preserving crash data\n");
        KdumpFinding r = Assert.Single(all, f => f.Kind == KdumpFindingKind.Readiness);
        Assert.True(r.Armed);
        Assert.Equal(1024L << 20, r.CrashKernelBytes);
        KdumpFinding a = Assert.Single(all, f => f.Kind == KdumpFindingKind.DumpAttempt);
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.Equal("the console ends while the capture kernel boots", a.Reason);
        Assert.True(a.Armed);
    }

    [Theory]
    [InlineData(" * kdump-tools: failed to save dmesg content in /var/crash/202601210724")]
    [InlineData("kdump[244]: saving opalcore failed")]
    public void A_failed_side_save_then_the_console_ending_is_not_a_failed_vmcore_save(string line)
    {
        // kdump-config (kdump_save_core) saves the dmesg first and goes on to the vmcore after failing it; kdump-utils'
        // save_opalcore_fs likewise: neither is the vmcore's failure.
        KdumpFinding a = Assert.Single(Attempts(
            "kdump-tools[747]:  * running makedumpfile --dump-dmesg /proc/vmcore /var/crash/202601210724/dmesg.202601210724\n" +
            "kdump-tools[747]: " + line + "\n"));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
    }

    [Fact]
    public void A_vmcore_that_SUSE_deletes_after_saving_for_want_of_free_space_is_not_saved()
    {
        // openSUSE/kdump dracut/kdump-save: "Saved vmcore", then with less than KDUMP_FREE_DISK_SIZE left
        // "Remaining space (%s MB) less than KDUMP_FREE_DISK_SIZE (%s MB)" and "Deleting vmcore" (rm).
        KdumpFinding a = Assert.Single(Attempts(Console(
            "Linux version 5.14.21-150500.55.52-default (geeko@buildhost) #1 SMP PREEMPT_DYNAMIC",
            "Command line: console=ttyS1,115200 reset_devices irqpoll nr_cpus=1 root=kdump elfcorehdr=1955572K",
            "Saving dump using makedumpfile",
            "Saved vmcore",
            "Remaining space (812 MB) less than KDUMP_FREE_DISK_SIZE (1024 MB)",
            "Deleting vmcore")));
        Assert.Equal(KdumpOutcome.SaveFailed, a.Outcome);
        Assert.Contains("deleted after saving", a.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kdump-tools[512]:  * /etc/default/kdump-tools: USE_KDUMP is not set or zero", "kdump is disabled (USE_KDUMP is not set in /etc/default/kdump-tools)")]
    [InlineData("kdump-tools[512]:  * kdump is not supported by this kernel", "kdump is not supported by this kernel")]
    [InlineData("kdumpctl[940]: Kdump is not supported on this kernel", "kdump is not supported by this kernel")]
    [InlineData("kdump-tools[512]:  * fadump is not configured in this kernel.", "fadump is not configured in this kernel")]
    [InlineData("kdump-tools[512]:  * fadump registering failed", "fadump registration failed")]
    public void What_kdump_config_and_kdumpctl_refuse_on_means_not_armed(string line, string reason)
    {
        // debian/kdump-config.in check_kdump_support / check_fadump_support / fadump_register (exit 1 after each);
        // kdumpctl check_kdump_feasibility (RHEL 7).
        KdumpFinding r = Assert.Single(Readiness(line + "\n"));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Equal(reason, r.Reason);
    }

    [Theory]
    [InlineData("---[ end Kernel panic - not syncing: sysrq triggered crash ]---")]
    [InlineData("systemd[1]: Starting kdump-capture.service - Kdump Vmcore Save Service...")]
    [InlineData("[FAILED] Failed to start Kdump Vmcore Save Service.")]
    [InlineData("cp: error reading '/proc/vmcore': Cannot allocate memory")]
    [InlineData("/lib/kdump-lib-initramfs.sh: line 98:   469 Bus error               $CORE_COLLECTOR /proc/vmcore $_mp/vmcore-incomplete")]
    [InlineData("Jun 24 03:12:18 vmx209-ps kdumpctl[930]: kexec_file_load failed: Required key")]
    [InlineData("fadump: Reserved 1024MB of memory at 0x00000040000000 (System RAM: 4096MB)")]
    [InlineData("rtas fadump: Registration is successful!")]
    [InlineData("rtas fadump: Firmware-assisted dump is active.")]
    [InlineData("kdump: dump target is /dev/vda2")]
    [InlineData(" * kdump-tools: failed to save dmesg content in /var/crash/202601210724")]
    [InlineData("kdump[244]: saving opalcore failed")]
    [InlineData(" * /etc/default/kdump-tools: USE_KDUMP is not set or zero")]
    [InlineData(" * fadump registering failed")]
    public void Every_message_these_rules_read_passes_the_anchor_search(string line)
    {
        // A line with no anchor never reaches a rule (KdumpAnchors: the pre-filter of every line).
        Assert.True(KdumpAnchors.MayMatter(line), line);
        bool[] flags = new bool[1];
        KdumpAnchors.Flag(line + "\n", [0, line.Length + 1], flags);
        Assert.True(flags[0], line);
    }

    [Fact]
    public void A_panic_that_runs_to_its_end_marker_leads_the_reason_even_when_readiness_said_why()
    {
        // kexec-tools' locate_hole ("Could not find a free area of memory of %lx bytes...") is the same for kexec -l and
        // kexec -p: the end marker is the console's own proof that no capture kernel was loaded, the load failure only
        // what may explain it (a riscv board: kexec -l fails, kexec -e boots a kernel that panics, Fixtures/kdump).
        KdumpFinding a = Assert.Single(Attempts(
            "Could not find a free area of memory of 0x3000 bytes...\n" +
            "locate_hole failed\n" +
            Console(
                "kernel BUG at arch/riscv/kernel/smpboot.c:107!",
                "Kernel panic - not syncing: Attempted to kill the idle task!",
                "---[ end Kernel panic - not syncing: Attempted to kill the idle task! ]---")));
        Assert.Equal(KdumpOutcome.NotArmed, a.Outcome);
        Assert.StartsWith("no capture kernel was loaded: the panic ran to its end marker (kexec could not load", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fadump_reservation_without_registration_says_fadump_not_kexec()
    {
        // arch/powerpc/kernel/fadump.c fadump_reserve_mem: "fadump: Reserved %lldMB of memory at %#016llx (System RAM:
        // %lldMB)"; fadump is armed by its registration (rtas/opal "Registration is successful!"), not by a kexec load.
        KdumpFinding r = Assert.Single(Readiness(
            "fadump: Reserved 4112MB of memory at 0x00000501000000 (System RAM: 25088MB)\n" +
            "Kernel command line: root=/dev/vda1 console=ttyS0 crashkernel=4097M fadump=on\n"));
        Assert.Equal(4112L << 20, r.CrashKernelBytes);
        Assert.Null(r.Armed);
        Assert.Equal("fadump 4112M reserved; no fadump registration on the console", r.Reason);
    }
}
