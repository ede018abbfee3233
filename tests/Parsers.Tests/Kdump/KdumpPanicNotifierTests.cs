using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Round 24: panic() prints the kernel offset through its notifier chain (x86 dump_kernel_offset, arch/x86/kernel/setup.c:
/// "Kernel Offset: disabled" or "Kernel Offset: 0x%lx from 0x%lx (relocation range: …)"; arm64 arm64_panic_block_dump and
/// riscv dump_kernel_offset: "Kernel Offset: 0x%lx from 0x%lx"), registered on panic_notifier_list and printed from nowhere
/// else. The line confirms a panic whose own "Kernel panic - not syncing" line the console does not show (a paste that
/// starts in the panic's call trace); it says nothing of whether kdump was loaded (crash_kexec_post_notifiers runs the
/// notifiers before the jump).
/// </summary>
public class KdumpPanicNotifierTests
{
    // A SysRq-c panic's dump_stack as posted from its "Call Trace:" line on (its panic line not shown), x86_64.
    private static readonly string[] HeadlessTrace =
    [
        "[  556.195087][ T3839] Call Trace:",
        "[  556.198622][ T3839]  <TASK>",
        "[  556.201775][ T3839]  dump_stack_lvl+0x32/0x50",
        "[  556.206688][ T3839]  panic+0x340/0x360",
        "[  556.215340][ T3839]  sysrq_handle_crash+0x11/0x20",
        "[  556.220644][ T3839]  __handle_sysrq+0x9b/0x190",
        "[  556.225652][ T3839]  write_sysrq_trigger+0x24/0x40",
        "[  556.347338][ T3839]  </TASK>",
    ];

    private static readonly string[] Panic =
    [
        "[   42.100001] sysrq: Trigger a crash",
        "[   42.100002] Kernel panic - not syncing: sysrq triggered crash",
        "[   42.100003] CPU: 1 PID: 812 Comm: bash Kdump: loaded Not tainted 6.6.0 #1",
        "[   42.100004] Call Trace:",
        "[   42.100005]  dump_stack_lvl+0x32/0x50",
        "[   42.100006]  panic+0x340/0x360",
    ];

    private static string Raw(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    [Fact]
    public void The_kernel_offset_after_a_headless_panic_trace_is_a_crash_whose_console_ends()
    {
        KdumpFinding a = Assert.Single(Attempts(Raw([
            .. HeadlessTrace,
            "[  556.350643][ T3839] Kernel Offset: disabled",
            "[  556.369810][ T3839] pstore: backend (erst) writing error (-28)"])));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.Null(a.Armed);
        Assert.Equal("the console ends after the crash; nothing on it says whether kdump was armed", a.Reason);
    }

    [Fact]
    public void Without_the_kernel_offset_a_headless_trace_is_no_attempt()
    {
        Assert.Empty(Attempts(Raw(HeadlessTrace)));
    }

    [Fact]
    public void The_kernel_offset_then_the_panics_end_marker_is_a_panic_that_went_on_without_kdump()
    {
        KdumpFinding a = Assert.Single(Attempts(Raw([
            .. HeadlessTrace,
            "[  556.350643][ T3839] Kernel Offset: 0x2c000000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)",
            "[  556.360000][ T3839] ---[ end Kernel panic - not syncing: sysrq triggered crash ]---"])));
        Assert.Equal(KdumpOutcome.NotArmed, a.Outcome);
    }

    [Fact]
    public void The_arm64_form_confirms_the_crash_too()
    {
        KdumpFinding a = Assert.Single(Attempts(Raw(
            "[  120.000001] Call trace:",
            "[  120.000002]  dump_backtrace+0x9c/0x100",
            "[  120.000003]  panic+0x320/0x388",
            "[  120.000004] SMP: stopping secondary CPUs",
            "[  120.000005] Kernel Offset: 0x3b3d0c800000 from 0xffff800008000000",
            "[  120.000006] PHYS_OFFSET: 0x40000000",
            "[  120.000007] CPU features: 0x0,00000000,20000846,2400720b",
            "[  120.000008] Memory Limit: none")));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
    }

    [Fact]
    public void After_a_panic_line_the_kernel_offset_changes_nothing()
    {
        KdumpFinding with = Assert.Single(Attempts(Raw([.. Panic, "[   42.100007] Kernel Offset: disabled"])));
        KdumpFinding without = Assert.Single(Attempts(Raw(Panic)));
        Assert.Equal((without.Outcome, without.Reason, without.Armed, without.StartLine, without.Timeline.Count),
            (with.Outcome, with.Reason, with.Armed, with.StartLine, with.Timeline.Count));
        Assert.Equal("kdump was loaded; the console ends after the crash", with.Reason);
    }

    [Fact]
    public void After_the_jump_the_kernel_offset_starts_no_second_crash()
    {
        KdumpFinding a = Assert.Single(Attempts(Raw(
            "[   42.100001] Internal error: Oops: 0000000096000004 [#1] SMP",
            "[   42.100002] CPU: 2 PID: 118 Comm: sh Kdump: loaded Not tainted 6.6.57-v8+ #1",
            "[   42.100003] Kernel panic - not syncing: Oops: Fatal exception",
            "[   42.100004] SMP: stopping secondary CPUs",
            "[   42.100005] Starting crashdump kernel...",
            "[   42.100006] Bye!",
            "[   42.100007] Kernel Offset: 0x3b3d0c800000 from 0xffff800008000000")));
        Assert.Equal("jumped into the capture kernel; the console ends before it booted", a.Reason);
    }

    [Fact]
    public void A_lived_through_oops_then_a_sysrq_panic_is_one_attempt_whose_console_ends()
    {
        // Round 24's Hyper-V console: the oops (panic_on_oops unset) is lived through, the SysRq-c panic 67 s later is the
        // attempt, its notifiers' kernel offset the last line.
        KdumpFinding a = Assert.Single(Attempts(Raw(
            "[33515.987667] BUG: unable to handle page fault for address: ffff888005520bc0",
            "[33515.987954] Oops: Oops: 0003 [#1] SMP NOPTI",
            "[33515.987999] CPU: 6 UID: 1000 PID: 87084 Comm: gix_status::dir Kdump: loaded Not tainted 6.19.0-00001-g3c1afd4a5b7c #1 PREEMPT(none)",
            "[33515.990924] ---[ end trace 0000000000000000 ]---",
            "[33515.992005] note: gix_status::dir[87084] exited with irqs disabled",
            "[33582.311654] sysrq: Trigger a crash",
            "[33582.311693] Kernel panic - not syncing: sysrq triggered crash",
            "[33582.313170] Kernel Offset: disabled")));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.True(a.Armed);
        Assert.Equal("kdump was loaded; the console ends after the crash", a.Reason);
    }
}
