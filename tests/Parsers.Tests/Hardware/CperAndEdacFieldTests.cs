using SolWatch.Parsers.Hardware;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>Fields of a CPER record (drivers/firmware/efi/cper.c, cper-arm.c) and of an EDAC line (edac_mc.c) as the
/// kernel prints them, and which address wins when a record holds more than one.</summary>
public class CperAndEdacFieldTests
{
    [Fact]
    public void A_CPER_ARM_processor_error_gives_its_physical_fault_address()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "{59}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 9",
            "{59}[Hardware Error]: event severity: recoverable",
            "{59}[Hardware Error]:   section_type: ARM processor error",
            "{59}[Hardware Error]:    error_type: 0, cache error",
            "{59}[Hardware Error]:    virtual fault address: 0x0000ffff00001000",
            "{59}[Hardware Error]:    physical fault address: 0x0000001000093c00"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((0x1000093c00UL, "cache error"), (e.Address!.Value, e.ErrorType));
    }

    [Fact]
    public void A_DIMM_location_not_present_names_no_location()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "{2}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 2",
            "{2}[Hardware Error]: event severity: corrected",
            "{2}[Hardware Error]:   DIMM location: not present. DMI handle: 0x0000"));
        Assert.Null(Assert.Single(events).Location);
    }

    [Fact]
    public void An_EDAC_offset_past_4_KiB_gives_no_address_because_the_page_size_is_unknown()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "EDAC MC0: 1 CE single-symbol chipkill ECC on DIMMF1 (node:0 card:5 module:16 page:0x3fd437 offset:0x4180 grain:1 syndrome:0x0 - APEI location: node:0)",
            "EDAC MC0: 1 CE single-symbol chipkill ECC on DIMMF1 (node:0 card:5 module:16 page:0x3fd437 offset:0x180 grain:1 syndrome:0x0 - APEI location: node:0)"));
        Assert.Equal([null, 0x3fd437180UL], events.Select(e => e.Address));
    }

    [Fact]
    public void The_firmware_address_wins_over_one_rebuilt_from_EDAC_page_and_offset()
    {
        // ghes_edac's page is PHYS_PFN() of the kernel's page size, 64 KiB here: page<<12 would be wrong.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "EDAC MC0: 1 UE multi-bit ECC on unknown memory (node:0 page:0x89c03 offset:0x400 grain:1 - APEI location: node:0)",
            "{2}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 2",
            "{2}[Hardware Error]: event severity: recoverable",
            "{2}[Hardware Error]:   physical_address: 0x000000089c030400"));
        Assert.Equal(0x89c030400UL, Assert.Single(events).Address!.Value);
    }

    [Fact]
    public void A_generic_processor_sections_error_type_is_the_bit_names_printed_after_its_hex_value()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 1",
            "{1}[Hardware Error]: event severity: recoverable",
            "{1}[Hardware Error]:   section_type: general processor error",
            "{1}[Hardware Error]:   error_type: 0x05",
            "{1}[Hardware Error]:   cache error, bus error",
            "{1}[Hardware Error]:   target_address: 0x0000000000000000"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(("cache error, bus error", (ulong?)null, 6), (e.ErrorType, e.Address, e.Text.Split('\n').Length));
    }

    [Fact]
    public void An_EDAC_drivers_copy_of_the_MCE_names_the_memory_controller_of_its_prefix()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "EDAC skx MC4: CPU 40: Machine Check Event: 0x0 Bank 13: 0x8c00014200800090",
            "EDAC skx MC6: CPU 40: Machine Check Event: 0x0 Bank 21: 0x8c0000c200800090"));
        Assert.Equal([(4, 13), (6, 21)], events.Select(e => (e.MemoryController!.Value, e.Bank!.Value)));
    }

    [Fact]
    public void The_3_x_amd64_edac_error_address_line_is_a_line_of_the_AMD_decode_it_comes_in()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[Hardware Error]: MC4 Error (node 1): DRAM ECC error detected on the NB.",
            "EDAC amd64 MC1: CE ERROR_ADDRESS= 0xf075b2410",
            "[Hardware Error]: Error Status: Corrected error, no action required.",
            "[Hardware Error]: CPU:6 (10:8:0) MC4_STATUS[-|CE|MiscV|-|AddrV|CECC]: 0x9c414000a0080813"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((0xf075b2410UL, 1, 4L), (e.Address!.Value, e.MemoryController!.Value, e.EndLine));
    }

    [Fact]
    public void On_AMD_the_system_address_amd64_edac_reports_wins_over_a_UMC_banks_normalized_address()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[Hardware Error]: Deferred error, no action required.",
            "[Hardware Error]: CPU:0 (17:1:1) MC15_STATUS[Over|-|MiscV|AddrV|-|-|SyndV|UECC|Deferred|-|-]: 0xdc2030000000011b",
            "[Hardware Error]: Error Addr: 0x00000003aeb64240",
            "[Hardware Error]: Unified Memory Controller Ext. Error Code: 0, DRAM ECC error.",
            "EDAC MC0: 1 UE on mc#0csrow#0channel#0 (csrow:0 channel:0 page:0x79d6c8 offset:0x440 grain:64)",
            "[Hardware Error]: Corrected error, no action required.",
            "[Hardware Error]: CPU:1 (17:31:0) MC18_STATUS[Over|CE|MiscV|AddrV|-|-|SyndV|CECC|-|-|-]: 0xdc2040000000011b",
            "[Hardware Error]: Error Addr: 0x0000000313c7a020",
            "EDAC MC0: 1 CE Cannot decode normalized address on mc#0csrow#1channel#3 (csrow:1 channel:3 page:0x0 offset:0x0 grain:64 syndrome:0x800)"));
        Assert.Equal([0x79d6c8440UL, 0x313c7a020UL], events.Select(e => e.Address!.Value));
    }

    [Fact]
    public void An_EDAC_line_whose_tail_another_writer_spliced_away_is_still_its_error_with_count_and_class_only()
    {
        // edac_mc's "%d %s %s on %s (…)" cut by the firmware's status line on the same serial port (an Alibaba console,
        // round 7): the count and CE are the kernel's, the rest is not read as a message or a location.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[2023-06-22 21:55:33.843280][5975156.361284] EDAC MC0: 3 CE memorERROR: C00000002:V030xxxx I0 D6476950-xxxx 7731xxxx",
            "[2023-06-22 21:55:34.218603]y read error on CPU_SrcID#0_MC#0_Chan#1_DIMM#0 (xxxx)"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.Edac, HardwareSeverity.Corrected, 3, 0), (e.Source, e.Severity, e.Count, e.MemoryController!.Value));
        Assert.Null(e.ErrorType);
        Assert.Null(e.Location);
        Assert.Null(e.Channel);
    }

    [Theory]
    // Without a count the head is no report (set-up and driver lines), and the old "CE row"/"CE page" forms keep theirs.
    [InlineData("EDAC MC0: CE memorERROR: C00000002")]
    [InlineData("EDAC MC0: Giving out device to module skx_edac controller Skylake Socket#0 IMC#0: DEV 0000:3a:0a.0 (INTERRUPT)")]
    [InlineData("EDAC MC: Ver: 3.0.0")]
    public void An_EDAC_line_without_a_count_and_without_on_is_no_event(string line)
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(line));
        Assert.Empty(events);
    }

    [Theory]
    [InlineData("error_type: 0x02: cache error", "cache error")]
    [InlineData("error_type: 0x1a: cache error|bus error|micro-architectural error", "cache error|bus error|micro-architectural error")]
    [InlineData("error_type: 0x22: bus error with reserved bit(s)", "bus error")]
    public void An_ARM_error_info_structures_6_12_error_type_is_the_names_after_its_hex_value(string line, string expected)
    {
        // cper-arm.c since 6.12: "%serror_type: 0x%02x: %s%s" with cper_bits_to_str's names and " with reserved bit(s)".
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0",
            "{1}[Hardware Error]: event severity: recoverable",
            "{1}[Hardware Error]:  Error 0, type: recoverable",
            "{1}[Hardware Error]:   section_type: ARM processor error",
            "{1}[Hardware Error]:   Error info structure 0:",
            "{1}[Hardware Error]:   num errors: 1",
            "{1}[Hardware Error]:    " + line));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSeverity.UncorrectedRecoverable, expected), (e.Severity, e.ErrorType));
    }

    [Fact]
    public void An_ARM_error_type_naming_no_bit_leaves_the_section_type()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0",
            "{1}[Hardware Error]: event severity: recoverable",
            "{1}[Hardware Error]:   section_type: ARM processor error",
            "{1}[Hardware Error]:    error_type: 0x00: "));
        Assert.Equal("ARM processor error", Assert.Single(events).ErrorType);
    }
}
