using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// Native PCIe Advanced Error Reporting (drivers/pci/pcie/aer.c, aerdrv_errprint.c before 4.17): the root port's
/// "[Multiple ]%s error received: …" and each device's "PCIe Bus Error: severity=%s, type=%s, …", "device [%04x:%04x]
/// error status/mask=%08x/%08x", "[%2d] %-22s%s" bits and TLP header are one hardware event (origin aer), never a crash,
/// in each era's form.
/// </summary>
public class PcieAerTests
{
    [Fact]
    public void A_corrected_error_in_the_4_19_and_later_form_is_one_event_naming_the_device_layer_and_first_bit()
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[  118.000001] pcieport 0000:00:1c.5: AER: Corrected error received: 0000:03:00.0",
            "[  118.000002] nvme 0000:03:00.0: AER: PCIe Bus Error: severity=Corrected, type=Physical Layer, (Receiver ID)",
            "[  118.000003] nvme 0000:03:00.0: AER:   device [144d:a808] error status/mask=00000041/0000e000",
            "[  118.000004] nvme 0000:03:00.0: AER:    [ 0] RxErr                  (First)",
            "[  118.000005] nvme 0000:03:00.0: AER:    [ 6] BadTLP",
            "[  120.000000] EXT4-fs (nvme0n1p2): mounted filesystem"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.Aer, HardwareSeverity.Corrected, "Physical Layer: RxErr", "0000:03:00.0"), (e.Source, e.Severity, e.ErrorType, e.Location));
        Assert.Equal((1L, 5L), (e.StartLine, e.EndLine));
        Assert.Equal("corrected PCIe error: Physical Layer: RxErr, at 0000:03:00.0", e.Summary);
        Assert.Empty(reports);
    }

    [Fact]
    public void The_2_6_32_to_4_x_form_with_an_agent_id_and_no_aer_prefix_on_the_device_lines_is_read_the_same()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "pcieport 0000:00:03.0: AER: Multiple Corrected error received: id=0018",
            "pcieport 0000:00:03.0: PCIE Bus Error: severity=Corrected, type=Data Link Layer, id=0018(Transmitter ID)",
            "pcieport 0000:00:03.0:   device [8086:3c08] error status/mask=00001000/00002000",
            "pcieport 0000:00:03.0:    [12] Replay Timer Timeout  ",
            "pcieport 0000:00:03.0: AER: Corrected error received: id=0018",
            "pcieport 0000:00:03.0: PCIe Bus Error: severity=Corrected, type=Physical Layer, id=0018(Receiver ID)",
            "pcieport 0000:00:03.0:   device [8086:3c08] error status/mask=00000001/00002000",
            "pcieport 0000:00:03.0:    [ 0] Receiver Error         (First)"));
        Assert.Equal(
            [(1L, 4L, "Data Link Layer: Replay Timer Timeout", "0000:00:03.0"), (5L, 8L, "Physical Layer: Receiver Error", "0000:00:03.0")],
            events.Select(e => (e.StartLine, e.EndLine, e.ErrorType, e.Location)));
        Assert.All(events, e => Assert.Equal(HardwareSeverity.Corrected, e.Severity));
    }

    [Theory]
    [InlineData("Uncorrected (Non-Fatal)", HardwareSeverity.UncorrectedRecoverable)]
    [InlineData("Uncorrected (Fatal)", HardwareSeverity.Fatal)]
    public void An_uncorrected_error_keeps_its_tlp_header_and_the_recovery_messages_after_it_do_not_split_or_end_it_early(string severity, HardwareSeverity expected)
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            $"[ 5.1] pcieport 0000:00:01.1: AER: {severity} error received: 0000:01:00.0",
            $"[ 5.2] mlx5_core 0000:01:00.0: AER: PCIe Bus Error: severity={severity}, type=Transaction Layer, (Requester ID)",
            "[ 5.3] mlx5_core 0000:01:00.0: AER:   device [15b3:1017] error status/mask=00004000/00000000",
            "[ 5.4] mlx5_core 0000:01:00.0: AER:    [14] CmpltTO                (First)",
            "[ 5.5] mlx5_core 0000:01:00.0: AER:   TLP Header: 40000001 0000000f 90880018 00000000",
            "[ 5.6] pcieport 0000:00:01.1: AER: broadcast error_detected message",
            "[ 5.7] pcieport 0000:00:01.1: AER: device recovery successful"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((expected, "Transaction Layer: CmpltTO", 5L), (e.Severity, e.ErrorType, e.EndLine));
        Assert.Empty(reports);
    }

    [Fact]
    public void A_device_line_whose_root_port_message_was_not_printed_still_begins_an_event()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "igb 0000:05:00.0: PCIe Bus Error: severity=Corrected, type=Physical Layer, (Receiver ID)",
            "igb 0000:05:00.0:   device [8086:1533] error status/mask=00000001/00002000",
            "igb 0000:05:00.0:    [ 0] RxErr"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(("0000:05:00.0", "Physical Layer: RxErr"), (e.Location, e.ErrorType));
    }

    [Fact]
    public void A_vmd_domain_of_five_hex_digits_is_an_address()
    {
        // pci_name() prints the domain with "%04x": VMD's domains (0x10000 and up) take five digits.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "pcieport 10003:00:00.0: AER: Multiple Corrected error received: id=ae00",
            "pcieport 10003:00:00.0: PCIe Bus Error: severity=Corrected, type=Data Link Layer, id=0000(Receiver ID)",
            "pcieport 10003:00:00.0:   device [8086:2030] error status/mask=000000c0/00002000",
            "pcieport 10003:00:00.0:    [ 6] Bad TLP",
            "pcieport 10003:00:00.0:    [ 7] Bad DLLP"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(("10003:00:00.0", "Data Link Layer: Bad TLP", 5L), (e.Location, e.ErrorType, e.EndLine));
    }

    [Fact]
    public void The_event_names_the_source_when_its_status_was_printed_with_that_devices_layer_and_bit()
    {
        // A "Multiple" message from the NVMe: the root port's own status first, then the NVMe's, which is the source.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "pcieport 0000:00:1d.0: AER: Multiple Corrected error received: 0000:03:00.0",
            "pcieport 0000:00:1d.0: AER: PCIe Bus Error: severity=Corrected, type=Data Link Layer, (Transmitter ID)",
            "pcieport 0000:00:1d.0: AER:   device [8086:a330] error status/mask=00001000/00002000",
            "pcieport 0000:00:1d.0: AER:    [12] Timeout",
            "nvme 0000:03:00.0: AER: PCIe Bus Error: severity=Corrected, type=Physical Layer, (Receiver ID)",
            "nvme 0000:03:00.0: AER:   device [144d:a808] error status/mask=00000001/0000e000",
            "nvme 0000:03:00.0: AER:    [ 0] RxErr",
            "nvme 0000:03:00.0: AER:   Error of this Agent is reported first"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(("0000:03:00.0", "Physical Layer: RxErr", 8L), (e.Location, e.ErrorType, e.EndLine));
    }

    [Theory]
    [InlineData("pcieport 0000:00:01.0: AER: Corrected error received: id=0008")]
    [InlineData("pcieport 0000:00:01.0: AER: Correctable error message received from 0000:00:00.0")]
    public void A_source_whose_status_was_not_printed_gives_way_to_the_device_whose_status_was(string head)
    {
        // The 2.6.32-4.x "id=%04x" names no address; bus 0 may be a bad id (find_source_device); either way the device
        // whose error status aer_print_error printed is the one that logged the error.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            head,
            "hpsa 0000:04:00.0: PCIe Bus Error: severity=Corrected, type=Physical Layer, id=0400(Transmitter ID)",
            "hpsa 0000:04:00.0:   device [103c:323a] error status/mask=000011c1/00000000",
            "hpsa 0000:04:00.0:    [ 0] Receiver Error         (First)",
            "hpsa 0000:04:00.0:    [ 6] Bad TLP"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(("0000:04:00.0", "Physical Layer: Receiver Error"), (e.Location, e.ErrorType));
    }

    [Theory]
    [InlineData("pcieport 0000:00:00.0: AER: Correctable error message received from 0000:01:00.0 (no details found", "0000:01:00.0")]
    [InlineData("pcieport 0000:00:1c.5: AER: Corrected error received: id=00e5", "0000:00:1c.5")]
    public void A_message_without_device_lines_names_its_source_or_else_the_port(string head, string location)
    {
        // 6.16's aer_print_source appends " (no details found" (sic) when no device had a status; an "id=" source is no
        // address, so the port that printed it is the place.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(head, head));
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((location, (string?)null, HardwareSeverity.Corrected), (e.Location, e.ErrorType, e.Severity)));
    }

    [Theory]
    [InlineData("pcieport 0000:00:1c.5: can't find device of ID00e5")]
    [InlineData("pcieport 0000:00:1c.5: AER: can't find device of ID00e5")]
    [InlineData("pcieport 0000:00:1c.5: AER: found no error details for 0000:00:1c.5")]
    [InlineData("pcieport 0000:00:1c.5:   Error of this Agent(00e5) is reported first")]
    public void Find_source_devices_and_aer_print_errors_own_lines_join_the_message_they_follow(string line)
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "pcieport 0000:00:1c.5: AER: Corrected error received: id=00e5",
            line,
            "pcieport 0000:00:1c.5: AER: Corrected error received: id=00e5"));
        Assert.Equal([(1L, 2L), (3L, 3L)], events.Select(e => (e.StartLine, e.EndLine)));
        Assert.Empty(HardwareHarness.Read(HardwareHarness.Console(line)).Events);
    }

    [Fact]
    public void A_device_printing_its_status_again_without_a_root_port_line_between_begins_the_next_event()
    {
        // find_source_device lists each device once per message: its second status is another message's whose
        // root-port line was not printed (or not posted).
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "pcieport 0000:00:1c.0: AER: PCIe Bus Error: severity=Corrected, type=Data Link Layer, (Transmitter ID)",
            "pcieport 0000:00:1c.0: AER:   device [8086:a33c] error status/mask=00001000/00002000",
            "pcieport 0000:00:1c.0: AER:    [12] Timeout",
            "pcieport 0000:00:1c.0: AER: PCIe Bus Error: severity=Corrected, type=Physical Layer, (Receiver ID)",
            "pcieport 0000:00:1c.0: AER:   device [8086:a33c] error status/mask=00000001/00002000",
            "pcieport 0000:00:1c.0: AER:    [ 0] RxErr"));
        Assert.Equal([(1L, 3L, "Data Link Layer: Timeout"), (4L, 6L, "Physical Layer: RxErr")], events.Select(e => (e.StartLine, e.EndLine, e.ErrorType)));
    }

    [Fact]
    public void An_indented_copy_and_a_syslog_prefix_the_line_grammar_does_not_know_are_read_after_the_kernel_tag()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "jan. 29 20:50:17 kevin kernel: pcieport 0000:00:1c.5: AER: Corrected error received: id=00e5",
            "jan. 29 20:50:17 kevin kernel: pcieport 0000:00:1c.5: PCIe Bus Error: severity=Corrected, type=Physical Layer, id=00e5(Receiver ID)",
            "jan. 29 20:50:17 kevin kernel: pcieport 0000:00:1c.5:   device [8086:9d15] error status/mask=00000001/00002000",
            "jan. 29 20:50:17 kevin kernel: pcieport 0000:00:1c.5:    [ 0] Receiver Error ",
            "     pcieport 0000:00:1c.5: PCIe Bus Error: severity=Corrected, type=Physical Layer, id=00e5(Receiver ID)",
            "     pcieport 0000:00:1c.5:   device [8086:9d15] error status/mask=00000001/00002000",
            "     pcieport 0000:00:1c.5:    [ 0] Receiver Error"));
        Assert.Equal([(1L, 4L), (5L, 7L)], events.Select(e => (e.StartLine, e.EndLine)));
        Assert.All(events, e => Assert.Equal(("0000:00:1c.5", "Physical Layer: Receiver Error"), (e.Location, e.ErrorType)));
    }

    [Theory]
    [InlineData("pcieport 0000:00:1c.0: AER: enabled with IRQ 122")]
    [InlineData("pcieport 0000:00:1c.0: AER: Device recovery successful")]
    [InlineData("acpi PNP0A08:00: _OSC: OS now controls [PCIeHotplug SHPCHotplug PME AER PCIeCapability LTR]")]
    [InlineData("pci 0000:00:1c.0: AER: error status/mask=00000001/00002000")]
    [InlineData("user said: Corrected error received: 0000:03:00.0")]
    [InlineData("pcieport 0000:00:1c.0:    [ 0] RxErr")]
    public void Aer_set_up_recovery_and_lines_without_an_error_report_are_no_event(string line)
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(line));
        Assert.Empty(events);
        Assert.Empty(reports);
    }

    [Fact]
    public void The_aer_lines_a_firmware_first_record_is_followed_by_do_not_count_the_same_error_twice()
    {
        // ghes.c hands a CPER PCIe section to aer_recover_queue(); pci_print_aer() then prints its own lines ("aer_status:",
        // the bits, "aer_layer=") with no "error received" or "PCIe Bus Error" line: the GHES record is the event.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "{2}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 514",
            "{2}[Hardware Error]: It has been corrected by h/w and requires no further action",
            "{2}[Hardware Error]: event severity: corrected",
            "{2}[Hardware Error]:  Error 0, type: corrected",
            "{2}[Hardware Error]:   section_type: PCIe error",
            "{2}[Hardware Error]:   device_id: 0000:43:00.0",
            "pcieport 0000:40:01.1: AER: aer_status: 0x00000001, aer_mask: 0x00002000",
            "pcieport 0000:40:01.1: AER:    [ 0] RxErr                  (First)",
            "pcieport 0000:40:01.1: AER: aer_layer=Physical Layer, aer_agent=Receiver ID"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(HardwareSource.Ghes, e.Source);
    }

    [Fact]
    public void Pci_print_aers_copy_after_a_GHES_PCIe_record_is_that_records_and_each_later_copy_an_error_of_its_own()
    {
        // ghes_handle_aer -> aer_recover_queue -> pci_print_aer; a repeated record ghes_estatus_cached() does not print
        // again still reaches pci_print_aer.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[   84.371185] {9}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0",
            "[   84.371190] {9}[Hardware Error]: event severity: corrected",
            "[   84.371192] {9}[Hardware Error]:   section_type: PCIe error",
            "[   84.371195] {9}[Hardware Error]:   device_id: 0000:70:00.0",
            "[   84.371223] nvme 0000:70:00.0: AER: aer_status: 0x00000001, aer_mask: 0x00000000",
            "[   84.371227] nvme 0000:70:00.0:    [ 0] RxErr                  (First)",
            "[   84.371229] nvme 0000:70:00.0: AER: aer_layer=Physical Layer, aer_agent=Receiver ID",
            "[   84.382169] nvme 0000:70:00.0: AER: aer_status: 0x00000001, aer_mask: 0x00000000",
            "[   84.382173] nvme 0000:70:00.0:    [ 0] RxErr                  (First)",
            "[   84.382176] nvme 0000:70:00.0: AER: aer_layer=Physical Layer, aer_agent=Receiver ID",
            "[   85.650235] pcieport 0000:c9:02.0: AER: aer_status: 0x00200000, aer_mask: 0x00100020",
            "[   85.650241] pcieport 0000:c9:02.0:    [21] ACSViol                (First)",
            "[   85.650243] pcieport 0000:c9:02.0: AER: aer_layer=Transaction Layer, aer_agent=Receiver ID",
            "[   85.650245] pcieport 0000:c9:02.0: AER: aer_uncor_severity: 0x00463010"));
        Assert.Equal(
            [
                (HardwareSource.Ghes, HardwareSeverity.Corrected, "PCIe error", null, 7),
                (HardwareSource.Aer, HardwareSeverity.Corrected, "Physical Layer: RxErr", "0000:70:00.0", 3),
                (HardwareSource.Aer, HardwareSeverity.UncorrectedRecoverable, "Transaction Layer: ACSViol", "0000:c9:02.0", 4),
            ],
            events.Select(e => (e.Source, e.Severity, e.ErrorType, e.Location, e.Text.Split('\n').Length)));
    }

    [Fact]
    public void Pci_print_aers_copy_after_a_GHES_record_of_another_section_is_an_error_of_its_own()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "{3}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 2",
            "{3}[Hardware Error]: event severity: corrected",
            "{3}[Hardware Error]:   section_type: memory error",
            "nvme 0000:70:00.0: AER: aer_status: 0x00000001, aer_mask: 0x00000000",
            "nvme 0000:70:00.0:    [ 0] RxErr                  (First)"));
        Assert.Equal([HardwareSource.Ghes, HardwareSource.Aer], events.Select(e => e.Source));
    }
}
