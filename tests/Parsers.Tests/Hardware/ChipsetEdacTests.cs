using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// The pre-3.x chipset EDAC drivers' own error lines: e752x_edac's "%sError %s" (fatal_message "Non-Fatal "/"Fatal ",
/// then the unit: global_message, hub_message, membuf_message, "System Bus %s", nsi_message), printed under "EDAC e752x: "
/// since 2.6.17 and bare before (the NSI's always bare); i5000_edac's "NON-FATAL ERRORS Found!!! 1st NON-FATAL Err Reg=
/// 0x%x" and its "\tNON-Retry  Errors, bits= 0x%x". Each names an error the chipset logged: an EDAC event, never a crash.
/// </summary>
public class ChipsetEdacTests
{
    [Theory]
    [InlineData("[  648.113623] EDAC e752x: Non-Fatal Error PCI Express B", "uncorrected-recoverable", "PCI Express B")]
    [InlineData("Mar 31 09:35:16 paragon kernel: Non-Fatal Error PCI Express B", "uncorrected-recoverable", "PCI Express B")]
    [InlineData("EDAC e752x: Fatal Error DRAM Controller", "fatal", "DRAM Controller")]
    [InlineData("EDAC e752x: Non-Fatal Error System Bus Data Parity", "uncorrected-recoverable", "System Bus Data Parity")]
    [InlineData("EDAC e752x: Non-Fatal Error Internal DRAM to PMWB Parity", "uncorrected-recoverable", "Internal DRAM to PMWB Parity")]
    [InlineData("Non-Fatal Error Receiver Error", "corrected", "Receiver Error")]
    [InlineData("Fatal Error Malformed TLP", "fatal", "Malformed TLP")]
    public void An_e752x_error_line_is_one_edac_event_with_its_unit(string line, string severity, string unit)
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(line, line));
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((HardwareSource.Edac, severity, unit), (e.Source, HardwareSeverityName.Of(e.Severity), e.ErrorType)));
        Assert.Empty(reports);
    }

    [Theory]
    [InlineData("Non-Fatal Error on disk sda: retrying")]
    [InlineData("myapp[123]: Fatal Error PCI Express B")]
    [InlineData("Fatal Error Message from the daemon")]
    [InlineData("EDAC e752x: tolm = 80000, remapbase = ffc000, remaplimit = 0")]
    [InlineData("EDAC MC0: Giving out device to e752x_edac E7525: DEV 0000:00:00.0")]
    public void Other_lines_with_those_words_and_the_drivers_set_up_are_no_event(string line)
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(line));
        Assert.Empty(events);
    }

    [Theory]
    [InlineData("^I")]
    [InlineData("#011")]
    [InlineData("\t")]
    public void An_i5000_non_fatal_report_and_its_class_line_are_one_corrected_event_of_its_controller(string tab)
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "Dec 16 10:25:04 ubuntu kernel: [3712331.131535] EDAC i5000 MC0: NON-FATAL ERRORS Found!!! 1st NON-FATAL Err Reg= 0x800",
            $"Dec 16 10:25:04 ubuntu kernel: [3712331.131542] EDAC i5000: {tab}NON-Retry  Errors, bits= 0x800",
            "Dec 16 10:38:44 ubuntu -- MARK --",
            "Dec 16 11:50:44 ubuntu kernel: [3717463.182668] EDAC i5000 MC1: NON-FATAL ERRORS Found!!! 1st NON-FATAL Err Reg= 0x800",
            $"Dec 16 11:50:44 ubuntu kernel: [3717463.182676] EDAC i5000: {tab}NON-Retry  Errors, bits= 0x800"));
        Assert.Equal([(1L, 2L, 0), (4L, 5L, 1)], events.Select(e => (e.StartLine, e.EndLine, e.MemoryController ?? -1)));
        Assert.All(events, e => Assert.Equal((HardwareSource.Edac, HardwareSeverity.Corrected), (e.Source, e.Severity)));
        Assert.Empty(reports);
    }

    [Fact]
    public void A_class_line_alone_begins_nothing_and_a_report_alone_says_no_severity()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "EDAC i5000: \tNON-Retry  Errors, bits= 0x800",
            "EDAC i5000 MC0: NON-FATAL ERRORS Found!!! 1st NON-FATAL Err Reg= 0x4"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((2L, HardwareSeverity.Unknown, 0), (e.StartLine, e.Severity, e.MemoryController ?? -1));
    }

    [Fact]
    public void An_e752x_line_after_a_notice_is_its_own_error_not_the_notices_record()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[  100.000000] mce: [Hardware Error]: Machine check events logged",
            "[  100.000100] EDAC e752x: Non-Fatal Error PCI Express B"));
        Assert.Equal([(HardwareSource.Mce, HardwareSeverity.Unknown), (HardwareSource.Edac, HardwareSeverity.UncorrectedRecoverable)],
            events.Select(e => (e.Source, e.Severity)));
    }
}
