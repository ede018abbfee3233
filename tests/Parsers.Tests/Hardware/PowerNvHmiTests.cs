using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// powernv's Hypervisor Maintenance interrupt, from opal-hmi.c print_hmi_event_info: "%s%s Hypervisor Maintenance
/// interrupt [%s]", " Error detail: %s", "\tHMER: %016llx" and a malfunction alert's checkstop reason. Recovered ones are
/// events, never crashes; only "[Not recovered]" is fatal (the kernel then panics "Unrecoverable HMI exception").
/// </summary>
public class PowerNvHmiTests
{
    [Theory]
    [InlineData("Harmless Hypervisor Maintenance interrupt [Recovered]", "corrected")]
    [InlineData(" Hypervisor Maintenance interrupt [Recovered]", "corrected")]
    [InlineData("Severe Hypervisor Maintenance interrupt [Recovered]", "uncorrected-recoverable")]
    [InlineData("Fatal Hypervisor Maintenance interrupt [Recovered]", "uncorrected-recoverable")]
    [InlineData("Fatal Hypervisor Maintenance interrupt [Not recovered]", "fatal")]
    public void An_hmi_is_one_powerpc_event_whose_severity_its_class_and_disposition_give(string head, string severity)
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[ 4096.000001] " + head,
            "[ 4096.000002]  Error detail: Timer facility experienced an error",
            "[ 4096.000003] \tHMER: 0840000000000000",
            "[ 4096.000004] \tTFMR: 2e1d4a0007000000",
            "[ 4096.000005] ipmi-powernv ibm,opal:ipmi: Unable to send message"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.PowerPc, severity, "Timer facility experienced an error"), (e.Source, HardwareSeverityName.Of(e.Severity), e.ErrorType));
        Assert.Equal((1L, 4L), (e.StartLine, e.EndLine));
        Assert.Empty(reports);
    }

    [Fact]
    public void A_malfunction_alerts_checkstop_reason_lines_are_its_own()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "Fatal Hypervisor Maintenance interrupt [Recovered]",
            " Error detail: Malfunction Alert",
            "\tHMER: 8060000000000000",
            "\tCPU PIR: 00000868",
            "\t[Unit: VSU] Logic core check stop",
            "Harmless Hypervisor Maintenance interrupt [Recovered]",
            " Error detail: Processor Recovery done",
            "\tHMER: 2040000000000000"));
        Assert.Equal([(1L, 5L, "Malfunction Alert"), (6L, 8L, "Processor Recovery done")], events.Select(e => (e.StartLine, e.EndLine, e.ErrorType)));
    }
}
