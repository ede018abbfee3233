using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reports;
using SolWatch.Parsers.Tests.Reading;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// x86's oops_end() and the die() of arm64 and arm call crash_kexec() before oops_exit() prints
/// "---[ end trace %016llx ]---": an oops whose end marker the console shows did not jump into a capture kernel by itself.
/// Read by the tracker alone (`solwatch kdump`) and through the console reader (`solwatch scan`, the daemon).
/// </summary>
public class KdumpLivedThroughOopsTests
{
    private const string LivedThroughOops = """
        [  100.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000
        [  100.000001] #PF: supervisor read access in kernel mode
        [  100.000002] #PF: error_code(0x0000) - not-present page
        [  100.000003] PGD 0 P4D 0
        [  100.000004] Oops: 0000 [#1] PREEMPT SMP NOPTI
        [  100.000005] CPU: 1 PID: 1234 Comm: cat Kdump: loaded Not tainted 5.14.0-362.el9.x86_64 #1
        [  100.000006] Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
        [  100.000007] RIP: 0010:foo_read+0x10/0x30 [foo]
        [  100.000008] Call Trace:
        [  100.000009]  <TASK>
        [  100.000010]  vfs_read+0xb0/0x2b0
        [  100.000011]  ksys_read+0x5f/0xe0
        [  100.000012]  do_syscall_64+0x5c/0x90
        [  100.000013]  entry_SYSCALL_64_after_hwframe+0x63/0xcd
        [  100.000014]  </TASK>
        [  100.000015] Modules linked in: foo(OE) xfs libcrc32c
        [  100.000016] CR2: 0000000000000000
        [  100.000017] ---[ end trace 0000000000000000 ]---
        [  100.000018] note: cat[1234] exited with irqs disabled
        [  101.000000] systemd[1]: Started Session 3 of User root.
        [  102.000000] systemd-logind[812]: New session 3 of user root.
        [  103.000000] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex
        [  104.000000] systemd[1]: Starting Cleanup of Temporary Directories...
        [  105.000000] systemd[1]: Finished Cleanup of Temporary Directories.

        """;

    // kexec -e with kexec-tools' --console-serial: purgatory says so on every kexec, a plain reboot into a normal kernel too.
    private const string PlainKexecReboot = """
        [  200.000000] kexec_core: Starting new kernel
        I'm in purgatory
        [    0.000000] Linux version 5.14.0-362.el9.x86_64 (mockbuild@x86-vm-07.build.eng.bos.redhat.com) (gcc (GCC) 11.4.1 20230605 (Red Hat 11.4.1-2), GNU ld version 2.35.2-42.el9) #1 SMP PREEMPT_DYNAMIC Mon Sep 4 12:00:00 EDT 2023
        [    0.000000] Command line: BOOT_IMAGE=(hd0,gpt2)/vmlinuz-5.14.0-362.el9.x86_64 root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M,4G-64G:256M console=ttyS0,115200
        [    0.000000] x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'

        """;

    private const string CaptureKernelBoots = """
        [    0.000000] Linux version 5.14.0-362.el9.x86_64 (mockbuild@x86-vm-07.build.eng.bos.redhat.com) (gcc (GCC) 11.4.1 20230605 (Red Hat 11.4.1-2), GNU ld version 2.35.2-42.el9) #1 SMP PREEMPT_DYNAMIC Mon Sep 4 12:00:00 EDT 2023
        [    0.000000] Command line: BOOT_IMAGE=(hd0,gpt2)/vmlinuz-5.14.0-362.el9.x86_64 ro console=ttyS0,115200 irqpoll nr_cpus=1 reset_devices cgroup_disable=memory udev.children-max=2 elfcorehdr=0x73000000

        """;

    // A second oops, in an interrupt: crash_kexec() from oops_end() at once, no end marker; purgatory says the jump.
    private const string FatalOopsJumps = """
        [  300.000000] BUG: unable to handle page fault for address: ffffffffc0a01000
        [  300.000001] #PF: supervisor write access in kernel mode
        [  300.000002] Oops: 0002 [#2] PREEMPT SMP NOPTI
        [  300.000003] CPU: 0 PID: 0 Comm: swapper/0 Kdump: loaded Tainted: G      D    OE     5.14.0-362.el9.x86_64 #1
        [  300.000004] RIP: 0010:foo_timer+0x22/0x40 [foo]
        [  300.000005] Call Trace:
        [  300.000006]  <IRQ>
        [  300.000007]  call_timer_fn+0x27/0x130
        [  300.000008]  __run_timers+0x1ea/0x270
        [  300.000009]  </IRQ>
        I'm in purgatory

        """;

    [Fact]
    public void An_oops_the_kernel_lived_through_then_a_plain_kexec_reboot_is_no_dump_attempt()
    {
        Assert.Empty(Attempts(LivedThroughOops + PlainKexecReboot));
    }

    [Fact]
    public void An_oops_the_kernel_lived_through_then_a_plain_kexec_reboot_gives_its_report_no_dump_story()
    {
        CrashReport report = Assert.Single(ReaderHarness.Scan(LivedThroughOops + PlainKexecReboot));
        Assert.Null(report.Kdump);
    }

    [Fact]
    public void A_capture_kernel_that_boots_after_an_oops_lived_through_with_kdump_loaded_is_still_that_oops_dump()
    {
        KdumpFinding attempt = Assert.Single(Attempts(LivedThroughOops + CaptureKernelBoots));
        Assert.Equal(1, attempt.StartLine);
        Assert.Contains(attempt.Timeline, e => e.Event == "capture kernel booted");

        CrashReport report = Assert.Single(ReaderHarness.Scan(LivedThroughOops + CaptureKernelBoots));
        Assert.NotNull(report.Kdump);
        Assert.Contains(report.Kdump.Timeline, e => e.Event == "capture kernel booted");
    }

    [Fact]
    public void A_later_oops_that_jumps_is_followed_again_and_its_jump_is_read()
    {
        KdumpFinding attempt = Assert.Single(Attempts(LivedThroughOops + FatalOopsJumps + CaptureKernelBoots));
        Assert.Contains(attempt.Timeline, e => e.Event == "purgatory");

        List<CrashReport> reports = ReaderHarness.Scan(LivedThroughOops + FatalOopsJumps + CaptureKernelBoots);
        Assert.Equal(2, reports.Count);
        Assert.Contains(reports[1].Kdump!.Timeline, e => e.Event == "purgatory");
    }

    [Fact]
    public void An_oops_the_kernel_went_on_from_until_the_console_ends_is_no_dump_attempt()
    {
        Assert.Empty(Attempts(LivedThroughOops));
        KdumpFinding readiness = Assert.Single(Readiness(LivedThroughOops));
        Assert.Equal(true, readiness.Armed);
    }

    [Fact]
    public void An_oops_whose_console_ends_at_its_end_marker_is_still_an_undecided_attempt()
    {
        string endsAtMarker = LivedThroughOops[..(LivedThroughOops.IndexOf("---[ end trace", StringComparison.Ordinal) + "---[ end trace 0000000000000000 ]---\n".Length)];
        KdumpFinding attempt = Assert.Single(Attempts(endsAtMarker));
        Assert.Equal(KdumpOutcome.Unknown, attempt.Outcome);
    }
}
