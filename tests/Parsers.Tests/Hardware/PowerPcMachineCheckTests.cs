using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// powerpc mce.c machine_check_print_event_info in both its forms: before 5.2 "%s%s Machine check interrupt [%s]" then
/// "  NIP [%016llx]: %pS" (kernel), "  NIP: [%016llx] PID: %d Comm: %s" (user), "  Guest NIP: %016llx" (guest),
/// "  Initiator: %s", "  Error type: %s [%s]", "    Effective address: %016llx"; 5.2+ "MCE: CPU%d: machine check (%s) %s %s
/// %s %s[%s]" with "Host"/"Guest" and the PID or NIP line. A machine check the handler did not recover in user mode or a
/// guest is contained (the task gets SIGBUS, the guest the machine check): uncorrected, not fatal, unless a panic follows.
/// </summary>
public class PowerPcMachineCheckTests
{
    [Fact]
    public void The_older_forms_error_type_reads_as_the_newer_one()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[  127.223515] Severe Machine check interrupt [Recovered]",
            "[  127.223530]   NIP [d00000000ba80280]: insert_slb_entry.constprop.0+0x278/0x2c0 [mcetest_slb]",
            "[  127.223539]   Initiator: CPU",
            "[  127.223544]   Error type: SLB [Multihit]",
            "[  127.223550]     Effective address: d00000000ba80280"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(("SLB Multihit", HardwareSeverity.UncorrectedRecoverable, 0xd00000000ba80280UL, 5L), (e.ErrorType, e.Severity, e.Address, e.EndLine));
    }

    [Fact]
    public void Show_regs_after_the_record_is_no_line_of_it()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[   10.318808] Severe Machine check interrupt [Not recovered]",
            "[   10.318812]   NIP [000000003003e434]: 0x3003e434",
            "[   10.318813]   Initiator: CPU",
            "[   10.318815]   Error type: Real address [Load/Store (foreign)]",
            "[   10.318817] opal: Hardware platform error: Unrecoverable Machine Check exception",
            "[   10.318821] CPU: 117 PID: 2745 Comm: sh Tainted: G   M             4.15.9-openpower1 #3",
            "[   10.318823] NIP:  000000003003e434 LR: 000000003003025c CTR: 0000000030030240"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(("Real address Load/Store (foreign)", HardwareSeverity.Fatal, 4L), (e.ErrorType, e.Severity, e.EndLine));
    }

    [Theory]
    [InlineData("[ 1001.831518] MCE: CPU48: PID: 4584 Comm: find NIP: [0000000010023368]")]
    [InlineData("[ 1001.831518] MCE: CPU48: PID: 24765 Comm: qemu-system-ppc Guest NIP: [00007fffa309dc60]")]
    public void A_not_recovered_error_in_a_task_is_contained(string pidLine)
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[ 1001.831517] MCE: CPU48: machine check (Severe) Host UE Load/Store DAR: 00007fffc6079a80 paddr: 0000000f8e260000 [Not recovered]",
            pidLine,
            "[ 1001.831519] MCE: CPU48: Hardware error"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSeverity.UncorrectedRecoverable, "UE Load/Store", 0xf8e260000UL), (e.Severity, e.ErrorType, e.Address));
        Assert.Empty(reports);
    }

    [Theory]
    [InlineData("[ 1001.831518] MCE: CPU48: NIP: [c0000000000b4f60] memcpy_power7+0x40/0x800", "Severe", "fatal")]
    [InlineData("[ 1001.831518] MCE: CPU48: PID: 4584 Comm: find NIP: [0000000010023368]", "Fatal", "fatal")]
    public void In_the_kernel_or_at_fatal_severity_it_stays_fatal(string nipLine, string level, string severity)
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            $"[ 1001.831517] MCE: CPU48: machine check ({level}) Host UE Load/Store DAR: 00007fffc6079a80 [Not recovered]",
            nipLine));
        Assert.Equal(severity, HardwareSeverityName.Of(Assert.Single(events).Severity));
    }

    [Fact]
    public void A_user_mode_error_the_kernel_then_dies_of_is_fatal()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "Severe Machine check interrupt [Not recovered]",
            "  NIP: [0000000010023368] PID: 4584 Comm: find",
            "  Initiator: CPU",
            "  Error type: UE [Load/Store]",
            "Oops: Machine check, sig: 7 [#1]"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSeverity.Fatal, "UE Load/Store"), (e.Severity, e.ErrorType));
    }

    [Theory]
    [InlineData("Warning", "Recovered", "corrected")]
    [InlineData("Severe", "Not recovered", "uncorrected-recoverable")]
    public void In_a_guest_the_type_leaves_out_guest_and_the_host_goes_on(string level, string disposition, string severity)
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            $"[ 1289.447571] MCE: CPU80: machine check ({level}) Guest SLB Multihit DAR: 000001001b6e0320 [{disposition}]",
            "[ 1289.447615] MCE: CPU80: PID: 24765 Comm: qemu-system-ppc Guest NIP: [00007fffa309dc60]"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(("SLB Multihit", severity, 0x1001b6e0320UL), (e.ErrorType, HardwareSeverityName.Of(e.Severity), e.Address));
    }
}
