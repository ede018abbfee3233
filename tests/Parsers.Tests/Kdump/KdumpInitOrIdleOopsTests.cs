using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reports;
using SolWatch.Parsers.Tests.Reading;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// An oops kills the task it ran in (make_task_dead after die()/oops_end()): the kernel panics when that task is the idle
/// task ("Attempted to kill the idle task!", pid 0) or global init ("Attempted to kill init!", pid 1), so an oops whose
/// CPU: line names pid 0 or 1 is a crash the kernel does not live through, even when the console ends before the panic.
/// </summary>
public class KdumpInitOrIdleOopsTests
{
    // Shaped as round 21's RHEL 8 ppc64le console: an oops 0.29 s into a boot, in pid 1, cut in its registers.
    private const string InitOopsCut = """
        [    0.293216] Unable to handle kernel paging request for data at address 0xc00000002ffb0000
        [    0.293294] Faulting instruction address: 0xc0000000080a94e0
        [    0.293358] Oops: Kernel access of bad area, sig: 11 [#1]
        [    0.293407] LE SMP NR_CPUS=2048 NUMA pSeries
        [    0.293460] Modules linked in:
        [    0.293502] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 4.18.0-348.el8.ppc64le #1
        [    0.293577] NIP:  c0000000080a94e0 LR: c000000008444330 CTR: 0000000000000800
        [    0.293652] REGS: c0000000104931d0 TRAP: 0300   Not tainted  (4.18.0-348.el8.ppc64le)

        """;

    private const string IdleOopsCut = """
        [ 1908.115727] BUG: kernel NULL pointer dereference, address: 0000000000000010
        [ 1908.115728] #PF: supervisor write access in kernel mode
        [ 1908.177195] PGD 0 P4D 0
        [ 1908.207457] Oops: 0002 [#1] SMP NOPTI
        [ 1908.251242] CPU: 5 UID: 0 PID: 0 Comm: swapper/5 Tainted: G        W  O       6.12.0 #1
        [ 1908.445924] RIP: 0010:foo_timer+0xd4/0x1f0 [foo]

        """;

    // The same oops in an ordinary task: one the kernel may live through (panic_on_oops unset), so no attempt.
    private const string UserTaskOopsCut = """
        [  100.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000
        [  100.000001] #PF: supervisor read access in kernel mode
        [  100.000004] Oops: 0000 [#1] PREEMPT SMP NOPTI
        [  100.000005] CPU: 1 PID: 1234 Comm: cat Not tainted 5.14.0-362.el9.x86_64 #1
        [  100.000007] RIP: 0010:foo_read+0x10/0x30 [foo]

        """;

    // A WARNING from pid 1 after an oops the kernel lived through: its CPU: line is no oops's.
    private const string LivedThroughOopsThenInitWarning = """
        [  100.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000
        [  100.000004] Oops: 0000 [#1] PREEMPT SMP NOPTI
        [  100.000005] CPU: 1 PID: 1234 Comm: cat Not tainted 5.14.0-362.el9.x86_64 #1
        [  100.000007] RIP: 0010:foo_read+0x10/0x30 [foo]
        [  100.000017] ---[ end trace 0000000000000000 ]---
        [  101.000000] systemd[1]: Started Session 3 of User root.
        [  102.000000] ------------[ cut here ]------------
        [  102.000001] WARNING: CPU: 0 PID: 1 at fs/foo.c:10 foo_open+0x20/0x40
        [  102.000002] CPU: 0 PID: 1 Comm: systemd Tainted: G      D    5.14.0-362.el9.x86_64 #1
        [  102.000003] ---[ end trace 0000000000000001 ]---
        [  103.000000] systemd[1]: Starting Cleanup of Temporary Directories...

        """;

    [Fact]
    public void An_oops_in_init_cut_before_its_panic_is_an_undecided_attempt()
    {
        KdumpFinding attempt = Assert.Single(Attempts(InitOopsCut));
        Assert.Equal(KdumpOutcome.Unknown, attempt.Outcome);
        Assert.Equal(1, attempt.StartLine);
        Assert.Contains(attempt.Timeline, e => e.Event == "oops kills init (pid 1)");
    }

    [Fact]
    public void An_oops_in_the_idle_task_cut_before_its_panic_is_an_undecided_attempt()
    {
        KdumpFinding attempt = Assert.Single(Attempts(IdleOopsCut));
        Assert.Equal(KdumpOutcome.Unknown, attempt.Outcome);
        Assert.Contains(attempt.Timeline, e => e.Event == "oops in the idle task (pid 0)");
    }

    [Fact]
    public void An_oops_in_an_ordinary_task_cut_before_any_panic_is_still_no_attempt()
    {
        Assert.Empty(Attempts(UserTaskOopsCut));
    }

    [Fact]
    public void A_warning_from_init_after_an_oops_the_kernel_lived_through_confirms_nothing()
    {
        Assert.Empty(Attempts(LivedThroughOopsThenInitWarning));
    }

    [Fact]
    public void A_warning_from_init_alone_is_no_attempt()
    {
        const string warning = """
            [    1.000000] ------------[ cut here ]------------
            [    1.000001] WARNING: CPU: 0 PID: 1 at drivers/foo/foo.c:10 foo_probe+0x20/0x40
            [    1.000002] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.12.0 #1
            [    1.000003] ---[ end trace 0000000000000000 ]---

            """;
        Assert.Empty(Attempts(warning));
    }

    [Fact]
    public void Read_through_the_console_reader_the_init_oops_report_carries_the_same_story()
    {
        KdumpFinding alone = Assert.Single(Attempts(InitOopsCut));
        CrashReport report = Assert.Single(ReaderHarness.Scan(InitOopsCut));
        Assert.NotNull(report.Kdump);
        Assert.Equal((alone.Outcome, alone.Reason), (report.Kdump.Outcome, report.Kdump.Reason));
    }
}
