using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.DetectorHarness;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// Rules of the sixth round of unseen consoles, each from the tool's own words: the state the kdump tools read back
/// from the running kernel (Debian kdump-tools' kdump-config show/status, kdump-utils' kdumpctl status and its dump
/// mode), kdumpctl's complaint about another tool ("mkdumprd: failed to make kdump initrd") and sysrq-c's forced panic.
/// </summary>
public class KdumpStatusTests
{
    [Theory]
    [InlineData("current state:    ready to kdump", false)]
    [InlineData("current state   : ready to kdump", false)]
    [InlineData("current state:    ready to fadump", true)]
    [InlineData("kdumpctl[2301]: kdump: Kdump is operational", false)]
    public void A_status_saying_the_capture_kernel_is_loaded_arms_the_boot(string status, bool fadump)
    {
        KdumpFinding r = Assert.Single(Readiness(Console("USE_KDUMP:        1", "KDUMP_COREDIR:    /var/crash", status)));
        Assert.True(r.Armed);
        Assert.Equal(KdumpOutcome.Unknown, r.Outcome);
        Assert.Contains(fadump ? "fadump registered" : "capture kernel loaded", r.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("current state:    Not ready to kdump", "no capture kernel loaded (current state:    Not ready to kdump)")]
    [InlineData("current state   : Not ready to fadump", "fadump not registered (current state   : Not ready to fadump)")]
    [InlineData("kdumpctl[2301]: kdump: Kdump is not operational", "no capture kernel loaded (Kdump is not operational)")]
    public void A_status_saying_nothing_is_loaded_is_not_armed(string status, string reason)
    {
        KdumpFinding r = Assert.Single(Readiness(Console("KDUMP_COREDIR:    /var/crash", status)));
        Assert.False(r.Armed);
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public void Kdumpctl_status_in_fadump_mode_speaks_of_fadump()
    {
        KdumpFinding r = Assert.Single(Readiness(Console("kdump: Dump mode is fadump", "kdump: Kdump is operational")));
        Assert.True(r.Armed);
        Assert.Contains("fadump registered", r.Reason, StringComparison.Ordinal);

        KdumpFinding off = Assert.Single(Readiness(Console("kdump: Dump mode is fadump", "kdump: Kdump is not operational")));
        Assert.Equal("fadump not registered (Kdump is not operational)", off.Reason);
    }

    [Theory]
    [InlineData("kdumpctl[1553]: kdump: mkdumprd: failed to make kdump initrd", "kdumpctl[1553]: kdump: Starting kdump: [FAILED]")]
    [InlineData("kdumpctl[1541]: mkdumprd: failed to make kdump initrd", "kdumpctl[1541]: Starting kdump: [FAILED]")]
    public void A_kdumpctl_complaint_about_mkdumprd_keeps_the_tool_it_names(string error, string failed)
    {
        KdumpFinding r = Assert.Single(Readiness(Console(error, failed)));
        Assert.Equal(KdumpOutcome.NotArmed, r.Outcome);
        Assert.Equal("kdump service failed: mkdumprd: failed to make kdump initrd", r.Reason);
    }

    [Fact]
    public void A_sysrq_crash_is_an_attempt_even_when_the_console_ends_inside_its_oops()
    {
        // sysrq_handle_crash forces panic_on_oops before its NULL write: the kernel will not live through this oops.
        KdumpFinding a = Assert.Single(Attempts(Console(
            "sysrq: SysRq : Trigger a crash",
            "BUG: unable to handle kernel NULL pointer dereference at           (null)",
            "IP: [<ffffffffba828802>] sysrq_handle_crash+0x12/0x20",
            "Oops: 0002 [#1] SMP")));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
        Assert.Null(a.Armed);
    }

    [Fact]
    public void A_sysrq_crash_is_fatal_from_the_first_line_of_its_oops_the_report_that_holds_it()
    {
        // The reader gives a dump story to the report its fatal line is in; the sysrq line comes before that report.
        var tracker = new KdumpTracker();
        tracker.Push("[  100.000000] sysrq: SysRq : Trigger a crash");
        Assert.Equal(0, tracker.OpenAttemptConfirmedAt);
        tracker.Push("[  100.000001] BUG: kernel NULL pointer dereference, address: 0000000000000000");
        Assert.Equal(2, tracker.OpenAttemptConfirmedAt);
    }

    [Fact]
    public void An_oops_without_sysrq_or_panic_is_still_no_attempt()
    {
        Assert.Empty(Attempts(Console(
            "[  100.000001] BUG: unable to handle kernel NULL pointer dereference at 0000000000000008",
            "[  100.000002] Oops: 0002 [#1] SMP")));
    }
}
