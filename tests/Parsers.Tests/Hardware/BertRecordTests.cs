using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// The Boot Error Record Table (drivers/acpi/apei/bert.c): at boot the kernel prints "BERT: Error records from previous
/// boot:" and then each record with cper_estatus_print (HW_ERR, no "{N}"). It is the firmware's record of the error that
/// ended the previous boot: a hardware event of this console, never a crash of this boot.
/// </summary>
public class BertRecordTests
{
    [Fact]
    public void A_BERT_record_of_the_previous_boot_is_one_firmware_event_with_all_its_lines_and_no_crash()
    {
        (List<HardwareEvent> events, var reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[    1.234567] BERT: Error records from previous boot:",
            "[    1.234568] [Hardware Error]: event severity: fatal",
            "[    1.234569] [Hardware Error]:  Error 0, type: fatal",
            "[    1.234570] [Hardware Error]:   section_type: IA32/X64 processor error",
            "[    1.234571] [Hardware Error]:   Local APIC_ID: 0x34",
            "[    1.234572] [Hardware Error]:    Error Structure Type: cache error",
            "[    1.234573] ERST: Error Record Serialization Table (ERST) support is initialized."));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.Ghes, HardwareSeverity.Fatal, 1L, 6L), (e.Source, e.Severity, e.StartLine, e.EndLine));
        Assert.Empty(reports);
    }

    [Fact]
    public void A_numbered_GHES_record_after_a_BERT_record_is_an_event_of_its_own()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "BERT: Error records from previous boot:",
            "[Hardware Error]: It has been corrected by h/w and requires no further action",
            "[Hardware Error]: event severity: corrected",
            "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0",
            "{1}[Hardware Error]: event severity: recoverable"));
        Assert.Equal([(HardwareSeverity.Corrected, 1L), (HardwareSeverity.UncorrectedRecoverable, 4L)], events.Select(e => (e.Severity, e.StartLine)));
    }

    [Theory]
    [InlineData("cache error", "cache error")]
    [InlineData("TLB error", "TLB error")]
    [InlineData("unknown", "IA32/X64 processor error")]
    public void An_IA32_X64_processor_sections_error_structure_type_is_its_error_type(string type, string expected)
    {
        // cper-x86.c cper_print_proc_ia: "Error Structure Type: %s", cper_proc_error_type_strs or "unknown".
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "BERT: Error records from previous boot:",
            "[Hardware Error]: event severity: fatal",
            "[Hardware Error]:  Error 0, type: fatal",
            "[Hardware Error]:   section_type: IA32/X64 processor error",
            "[Hardware Error]:   Local APIC_ID: 0x3c",
            "[Hardware Error]:   Error Information Structure 0:",
            "[Hardware Error]:    Error Structure Type: " + type,
            "[Hardware Error]:     Processor Context Corrupt: true"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.Ghes, HardwareSeverity.Fatal, expected, 8), (e.Source, e.Severity, e.ErrorType, e.Text.Split('\n').Length));
        Assert.Empty(reports);
    }
}
