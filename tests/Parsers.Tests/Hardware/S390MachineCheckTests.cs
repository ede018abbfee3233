using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// s390's machine checks as arch/s390/kernel/nmi.c prints them: s390_handle_mcck's "mcck: Terminating task because of
/// machine malfunction (code 0x%016lx)." and "mcck: task: %s, pid: %d." (a user task whose registers could not be
/// restored is killed, the kernel goes on; init's death is a panic), s390_handle_damage's "System stopped due to
/// unrecoverable machine check, code: 0x%016llX" (a disabled wait: the fatal one, and a crash without panic()). A channel
/// report (drivers/s390/cio/crw.c "crw_info : CRW reports …", a configuration change of the I/O subsystem) is neither.
/// </summary>
public class S390MachineCheckTests
{
    [Fact]
    public void A_task_terminated_for_a_machine_malfunction_is_a_contained_error_and_no_crash()
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[ 5123.447720] mcck: Terminating task because of machine malfunction (code 0x00400f1d401b0007).",
            "[ 5123.447735] mcck: task: java, pid: 40291.",
            "[ 5123.448012] some other line"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.S390, HardwareSeverity.UncorrectedRecoverable, "machine malfunction", 1L, 2L),
            (e.Source, e.Severity, e.ErrorType, e.StartLine, e.EndLine));
        Assert.Empty(reports);
        Assert.Equal("s390", HardwareSourceName.Of(e.Source));
        Assert.Equal(HardwareSource.S390, HardwareSourceName.Parse("s390"));
    }

    [Fact]
    public void Killing_init_for_it_panics_and_the_panic_is_a_machine_check_crash()
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "mcck: Terminating task because of machine malfunction (code 0x00400f1d401b0007).",
            "mcck: task: systemd, pid: 1.",
            "Kernel panic - not syncing: mcck: Attempting to kill init!"));
        Assert.Equal(HardwareSeverity.Fatal, Assert.Single(events).Severity);
        CrashReport r = Assert.Single(reports);
        Assert.Equal((CrashKind.MachineCheck, "kernel panic: mcck: Attempting to kill init!"), (r.Kind, r.Title));
    }

    [Fact]
    public void A_system_stopped_by_an_unrecoverable_machine_check_is_fatal_and_one_crash()
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[  812.004411] dasd-eckd 0.0.0201: New DASD 3390/0C (CU 3990/01) with 10017 cylinders, 15 heads, 224 sectors",
            "System stopped due to unrecoverable machine check, code: 0x00400F1D401B0007"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.S390, HardwareSeverity.Fatal, "unrecoverable machine check"), (e.Source, e.Severity, e.ErrorType));
        CrashReport r = Assert.Single(reports);
        Assert.Equal((CrashKind.MachineCheck, "machine check: system stopped due to unrecoverable machine check"), (r.Kind, r.Title));
    }

    [Theory]
    // crw.c's channel-report words (a device or channel path came or went, a zPCI event), at any level they were printed.
    [InlineData("[   36.447885] crw_info : CRW reports slct=0, oflw=0, chn=0, rsc=B, anc=0, erc=0, rsid=0")]
    [InlineData("crw_info : CRW reports slct=0, oflw=0, chn=1, rsc=3, anc=0, erc=4, rsid=2")]
    [InlineData("[  111.244291] crw_info : CRW reports slct=0, oflw=1, chn=0, rsc=4, anc=1, erc=2, rsid=4C")]
    // Look-alikes: the words in prose, the mcck prefix without the message.
    [InlineData("mcck: something else entirely")]
    [InlineData("[    0.000000] setup: The s390 machine check handler was registered")]
    public void A_channel_report_or_a_look_alike_is_no_event_and_no_crash(string line)
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(line));
        Assert.Empty(events);
        Assert.Empty(reports);
    }

    [Fact]
    public void Ghes_edacs_own_internal_error_is_no_arm_die_but_a_cut_die_line_still_is()
    {
        // ghes_edac's pr_fmt line before a CPER record (SGI-575, round 7): no error code, no die counter.
        (_, List<CrashReport> none) = HardwareHarness.Read(HardwareHarness.Console(
            "[115792.848999] ghes_edac: Internal error: Can't find EDAC structure",
            "[115792.849003] [Firmware Warn]: GHES: Invalid address in generic error data: 0x1f03fedcd"));
        Assert.Empty(none);
        // arm64 __die's "Internal error: %s: %016x [#%d]", whole and cut before its counter.
        string[] dies = ["[ 9.1] Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP", "[ 9.1] Internal error: : 96000410"];
        foreach (string die in dies)
        {
            (_, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(die, "[ 9.2] pc : d_lookup+0x5c/0x220"));
            Assert.Equal(CrashKind.Oops, Assert.Single(reports).Kind);
        }
    }
}
