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
}
