using SolWatch.Parsers.Hardware;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// Lines of one error that the kernel prints apart: "Machine check events logged" (mce_notify_irq) before the decode
/// the notifier chain prints later, and ghes_edac's EDAC line before the CPER record ghes_proc_in_irq() prints after it.
/// </summary>
public class HardwareJoiningTests
{
    [Fact]
    public void A_bare_notice_joins_the_record_a_decoder_prints_after_other_lines()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[  100.000001] mce: [Hardware Error]: Machine check events logged",
            "[  100.000002] mce->status: 0x942031000400011b",
            "[  100.000003] Memory failure: 0x5dc2: recovery action for free buddy page: Recovered",
            "[  100.000004] some driver: unrelated",
            "[  100.000005] [Hardware Error]: Deferred error, no action required.",
            "[  100.000006] [Hardware Error]: CPU:65 (19:11:1) MC21_STATUS[-|-|-|AddrV|-|-|SyndV|UECC|Deferred|-|Scrub]: 0x942031000400011b"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.MceAmd, HardwareSeverity.Deferred, 1L, 6L, 3), (e.Source, e.Severity, e.StartLine, e.EndLine, e.Text.Split('\n').Length));
    }

    [Fact]
    public void A_notice_waits_across_a_GHES_record_for_the_EDAC_drivers_copy_and_the_record_comes_out_first()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "mce: [Hardware Error]: Machine check events logged",
            "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0",
            "{1}[Hardware Error]: event severity: recoverable",
            "Memory failure: 0x7e025e: already hardware poisoned",
            "EDAC skx MC3: HANDLING MCE MEMORY ERROR",
            "EDAC skx MC3: CPU 0: Machine Check Event: 0x0 Bank 25: 0xac00000200a00090"));
        Assert.Equal([HardwareSource.Ghes, HardwareSource.Mce], events.Select(e => e.Source));
        Assert.Equal((1L, 25), (events[1].StartLine, events[1].Bank!.Value));
    }

    [Fact]
    public void A_bare_notice_whose_record_never_comes_within_reach_is_an_event_of_its_own()
    {
        string[] lines = ["mce: [Hardware Error]: Machine check events logged", .. Enumerable.Range(0, 40).Select(i => $"filler {i}"),
            "EDAC MC0: 1 CE memory read error on DIMM_A1 (channel:0 slot:0 page:0x1000 offset:0x0 grain:32 syndrome:0x0)"];
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(lines));
        Assert.Equal([(1L, HardwareSeverity.Unknown), (42L, HardwareSeverity.Corrected)], events.Select(e => (e.StartLine, e.Severity)));
    }

    [Fact]
    public void Two_bare_notices_in_a_row_are_two_events_and_CMCI_storm_lines_none()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "mce: [Hardware Error]: Machine check events logged",
            "CMCI storm detected: switching to poll mode",
            "mce: [Hardware Error]: Machine check events logged",
            "CMCI storm subsided: switching to interrupt mode"));
        Assert.Equal([1L, 3L], events.Select(e => e.StartLine));
    }

    [Fact]
    public void A_ghes_edac_line_and_the_CPER_record_printed_after_it_are_one_firmware_event()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "EDAC MC0: 1 UE multi-symbol chipkill ECC on unknown memory (node:0 card:3 module:0 rank:0 page:0x89c033 offset:0x400 grain:1 - APEI location: node:0 card:3 module:0 rank:0 status(0x0000000000000400): Storage error in DRAM memory)",
            "{2}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 2",
            "{2}[Hardware Error]: event severity: recoverable",
            "{2}[Hardware Error]:   physical_address: 0x000000089c033400",
            "{2}[Hardware Error]:   error_type: 5, multi-symbol chipkill ECC"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.Ghes, HardwareSeverity.UncorrectedRecoverable, 0, 0x89c033400UL, 5),
            (e.Source, e.Severity, e.MemoryController!.Value, e.Address!.Value, e.Text.Split('\n').Length));
    }

    [Fact]
    public void An_EDAC_line_of_a_memory_controller_driver_stays_apart_from_a_CPER_record_after_it()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "EDAC MC0: 1 CE memory read error on DIMM_A1 (channel:0 slot:0 page:0x1000 offset:0x0 grain:32 syndrome:0x0)",
            "{2}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 2",
            "{2}[Hardware Error]: event severity: corrected"));
        Assert.Equal([HardwareSource.Edac, HardwareSource.Ghes], events.Select(e => e.Source));
    }

    [Fact]
    public void A_bare_notice_does_not_join_a_record_printed_far_later_in_printk_time_even_a_few_lines_on()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[352317.357518] mce: [Hardware Error]: Machine check events logged",
            "[352317.358572] Memory failure: 0x8c53ae: recovery action for dirty LRU page: Recovered",
            "[367576.220954] mce: [Hardware Error]: CPU 35: Machine Check Exception: f Bank 1: bd80000000100134",
            "[367576.221516] mce: [Hardware Error]: TSC 2e04ae4d30aca ADDR 8c53a7000 MISC 86"));
        Assert.Equal([(1L, 1L, (int?)null), (3L, 4L, 35)], events.Select(e => (e.StartLine, e.EndLine, e.Cpu)));
    }

    [Fact]
    public void A_bare_notice_still_joins_the_record_printed_within_the_same_seconds()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[  100.000001] mce: [Hardware Error]: Machine check events logged",
            "[  100.350000] EDAC MC1: 1 CE error on CPU#1Channel#0_DIMM#0 (channel:0 slot:0 page:0x0 offset:0x0 grain:8 syndrome:0x0)"));
        Assert.Equal((1L, 2L), (Assert.Single(events).StartLine, events[0].EndLine));
    }

    [Fact]
    public void An_AMD_status_line_wrapped_after_its_CPU_head_is_still_the_records_status()
    {
        // A copy wrapped at 80 columns (a bug tracker's mail): "CPU:%d (%x:%x:%x) MC%d_STATUS[…]: 0x…" is one pr_emerg.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[20605.288325] mce: [Hardware Error]: Machine check events logged",
            "[20605.288327] [Hardware Error]: Uncorrected, software restartable error.",
            "[20605.288330] [Hardware Error]: CPU:1 (17:8:2)",
            "MC0_STATUS[-|UE|MiscV|AddrV|-|-|-|UECC|-|Poison|-]: 0xbc002800000c0135",
            "[20605.288335] [Hardware Error]: Error Addr: 0x00000000e8ac0000",
            "[20605.288341] [Hardware Error]: cache level: L1, tx: DATA, mem-tx: DRD"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((1, 0, 0xbc002800000c0135UL, HardwareSeverity.UncorrectedRecoverable, 6),
            (e.Cpu, e.Bank, e.Status!.Value.Raw, e.Severity, e.Text.Split('\n').Length));
    }

    [Fact]
    public void A_bare_MC_status_line_joins_no_record_that_has_a_status_and_begins_none()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "MC0_STATUS[-|UE|MiscV|AddrV|-|-|-|UECC|-|Poison|-]: 0xbc002800000c0135",
            "[  313.747597] [Hardware Error]: Corrected error, no action required.",
            "[  313.747613] [Hardware Error]: CPU:0 (19:61:2) MC21_STATUS[Over|CE|MiscV|AddrV|-|-|SyndV|CECC|-|-|-]: 0xdc2040000400011b",
            "MC5_STATUS[-|UE|MiscV|AddrV|-|-|-|UECC|-|Poison|-]: 0xbc002800000c0135"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((21, 0xdc2040000400011bUL, 2), (e.Bank, e.Status!.Value.Raw, e.Text.Split('\n').Length));
    }

    [Fact]
    public void Skx_commons_EDAC_DEBUG_line_inside_its_copy_is_a_line_of_that_record_and_alone_is_none()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "EDAC DEBUG: skx_mce_output_error:  err_code:0x0080:0x0090  SystemAddress:0x91b2f55c0 ProcessorSocketId:0x0",
            "EDAC skx MC1: HANDLING MCE MEMORY ERROR",
            "EDAC skx MC1: CPU 0: Machine Check Event: 0x0 Bank 15: 0x8c00004200800090",
            "EDAC skx MC1: TSC 0x95f2e5afe67",
            "EDAC skx MC1: ADDR 0x91b2f55c0",
            "EDAC skx MC1: MISC 0xd001a213d905086",
            "EDAC skx MC1: PROCESSOR 0:0x806f8 TIME 1700925409 SOCKET 0 APIC 0x0",
            "EDAC DEBUG: skx_mce_output_error:  err_code:0x0080:0x0090  SystemAddress:0x91b2f55c0 ProcessorSocketId:0x0 MemoryControllerId:0x1",
            "EDAC MC1: 1 CE memory read error on CPU_SrcID#0_MC#1_Chan#0_DIMM#1 (channel:0 slot:1 page:0x91b2f5 offset:0x5c0 grain:32 syndrome:0x0 -  err_code:0x0080:0x0090)"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((15, 1, 0, 1, 8), (e.Bank, e.MemoryController, e.Channel, e.Dimm, e.Text.Split('\n').Length));
    }

    [Fact]
    public void An_EDAC_line_wrapped_after_its_label_takes_its_details_from_the_next_line_alone()
    {
        // A mail client wrapped edac_mc's one printk "%d CE %son %s (%s …)" after the label; the system address amd64_edac
        // gave (page:offset) is the record's, as on an unwrapped line.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "Jun  9 16:21:24 host kernel: [Hardware Error]: Corrected error, no action required.",
            "Jun  9 16:21:24 host kernel: [Hardware Error]: CPU:0 (19:21:0) MC17_STATUS[Over|CE|MiscV|AddrV|-|-|SyndV|CECC|-|-|-]: 0xdc2040000000011b",
            "Jun  9 16:21:24 host kernel: [Hardware Error]: Error Addr: 0x000000031fb566e0",
            "Jun  9 16:21:24 host kernel: EDAC MC0: 1 CE on mc#0csrow#1channel#0",
            "(csrow:1 channel:0 page:0xcaed59 offset:0x8e0 grain:64 syndrome:0x100)",
            "Jun  9 16:21:24 host kernel: [Hardware Error]: cache level: L3/GEN, tx: GEN, mem-tx: RD"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((0xcaed598e0UL, 0, 0, 6), (e.Address!.Value, e.MemoryController!.Value, e.Channel!.Value, e.Text.Split('\n').Length));
    }

    [Fact]
    public void A_lone_EDAC_details_line_continues_no_EDAC_line_that_had_its_own_and_begins_nothing()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "(csrow:1 channel:0 page:0xcaed59 offset:0x8e0 grain:64 syndrome:0x100)",
            "EDAC MC0: 1 CE on mc#0csrow#0channel#0 (csrow:0 channel:0 page:0x10b544 offset:0xfc0 grain:64 syndrome:0x4020)",
            "(csrow:1 channel:0 page:0xcaed59 offset:0x8e0 grain:64 syndrome:0x100)"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((2L, 2L, 0x10b544fc0UL), (e.StartLine, e.EndLine, e.Address!.Value));
    }

    [Fact]
    public void A_ghes_edac_line_after_a_record_without_a_memory_section_is_the_CPER_record_after_it()
    {
        // ghes_do_proc reports only memory sections to ghes_edac, and on the SDEI/SEA path before the record is printed.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[   99.240616] {1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 2",
            "[   99.240756] {1}[Hardware Error]: event severity: corrected",
            "[   99.240958] {1}[Hardware Error]:   section_type: ARM processor error",
            "[   99.241167] {1}[Hardware Error]:    error_type: 0, cache error",
            "[  838.469270] EDAC MC0: 1 CE Single-bit ECC on BANK 0 DIMM 1 (node:0 card:1 module:0 page:0x80000 offset:0x0 grain:4096 syndrome:0x0 - APEI location: n)",
            "[  838.469500] {2}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 2",
            "[  838.469600] {2}[Hardware Error]: event severity: corrected",
            "[  838.469792] {2}[Hardware Error]:   section_type: memory error",
            "[  838.469825] {2}[Hardware Error]:   physical_address: 0x0000000080000000"));
        Assert.Equal([(1L, 4L, (ulong?)null, (int?)null), (5L, 9L, 0x80000000UL, 0)],
            events.Select(e => (e.StartLine, e.EndLine, e.Address, e.MemoryController)));
    }

    [Fact]
    public void A_ghes_edac_line_after_a_processor_record_naming_its_fault_address_is_that_records()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "{57}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 9",
            "{57}[Hardware Error]: event severity: recoverable",
            "{57}[Hardware Error]:   section_type: ARM processor error",
            "{57}[Hardware Error]:    error_type: 0, cache error",
            "{57}[Hardware Error]:    physical fault address: 0x0000001000093c00",
            "EDAC MC0: 1 UE Multi-bit ECC on unknown memory (node:0 card:1 module:71 bank:7 row:0 col:0 page:0x1000093 offset:0xc00 grain:1 - APEI location: node:0 card:257 module:71 bank:7 row:0 col:0)",
            "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 2",
            "{1}[Hardware Error]: event severity: corrected",
            "{1}[Hardware Error]:   section_type: memory error",
            "EDAC MC0: 1 CE Single-bit ECC on DIMM A1 (node:0 card:0 module:0 page:0x2000 offset:0x0 grain:4096 syndrome:0x0 - APEI location: node:0)"));
        Assert.Equal([(1L, 6L, 0), (7L, 10L, 0)], events.Select(e => (e.StartLine, e.EndLine, e.MemoryController!.Value)));
    }

    [Fact]
    public void An_AMD_status_line_wrapped_twice_takes_its_value_from_the_bare_line_after_it_and_no_other_bare_value()
    {
        // A mail client wrapped "CPU:%d (%x:%x:%x) MC%d_STATUS[…]: 0x%016llx" after the head and again after "]:"; the
        // syndrome's value wrapped off "IPID: …, Syndrome:" is a bare value too, but continues no status line.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[  969.570998] [Hardware Error]: Corrected error, no action required.",
            "[  969.571002] [Hardware Error]: CPU:0 (17:71:0)",
            "MC18_STATUS[-|CE|MiscV|AddrV|-|SyndV|CECC|-|-|Scrub]:",
            "0x9c2041000000011b",
            "[  969.571005] [Hardware Error]: Error Addr: 0x000000006d3d483b",
            "[  969.571006] [Hardware Error]: IPID: 0x0000000000000000, Syndrome:",
            "0x0000000000000000",
            "[  969.571008] [Hardware Error]: Unified Memory Controller Ext. Error Code: 0, DRAM ECC error."));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((0, 18, 0x9c2041000000011bUL, 0x6d3d483bUL, HardwareSeverity.Corrected, 7),
            (e.Cpu, e.Bank, e.Status!.Value.Raw, e.Address!.Value, e.Severity, e.Text.Split('\n').Length));
    }

    [Fact]
    public void A_bare_value_or_EDAC_tail_line_continuing_nothing_is_no_line_of_the_open_record_and_does_not_close_it()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[  100.000001] [Hardware Error]: Corrected error, no action required.",
            "[  100.000002] [Hardware Error]: CPU:0 (17:71:0) MC17_STATUS[-|CE|MiscV|AddrV|-|SyndV|CECC|-|-|Scrub]: 0x9c2041000000011b",
            "0x0000000000000000",
            "page:0x1d4f52 offset:0x3b grain:1 syndrome:0x0)",
            "[  100.000003] [Hardware Error]: Error Addr: 0x000000006d3d483b"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((0x9c2041000000011bUL, 0x6d3d483bUL, 3), (e.Status!.Value.Raw, e.Address!.Value, e.Text.Split('\n').Length));
    }

    [Fact]
    public void An_EDAC_head_wrapped_before_its_on_takes_label_and_details_from_the_bare_lines_after_it()
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[  840.033411] [Hardware Error]: Corrected error, no action required.",
            "[  840.033414] [Hardware Error]: CPU:0 (17:71:0) MC17_STATUS[-|CE|MiscV|AddrV|-|SyndV|CECC|-|-|Scrub]: 0x9c2041000000011b",
            "[  840.033417] [Hardware Error]: Error Addr: 0x000000006d3d483b",
            "[  840.033435] EDAC MC0: 1 CE Unknown syndrome - possible error",
            "reporting race on mc#0csrow#0channel#0 (csrow:0 channel:0",
            "page:0x1d4f52 offset:0x3b grain:1 syndrome:0x0)",
            "[  840.033436] [Hardware Error]: cache level: L3/GEN, tx: GEN, mem-tx: RD"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((0x1d4f5203bUL, 0, 0, "mc#0csrow#0channel#0", 7),
            (e.Address!.Value, e.MemoryController!.Value, e.Channel!.Value, e.Location, e.Text.Split('\n').Length));
    }

    [Fact]
    public void A_WARNING_a_decoder_prints_inside_its_record_leaves_the_record_open_for_the_EDAC_line_after_it()
    {
        string[] warning = ["[  609.681743] ------------[ cut here ]------------",
            "[  609.681748] WARNING: CPU: 4 PID: 2447 at drivers/edac/edac_mc.c:1238 edac_mc_handle_error+0x5a6/0x6d0",
            "[  609.681785] RIP: 0010:edac_mc_handle_error+0x5a6/0x6d0",
            "[  609.681795] Call Trace:",
            "[  609.681804]  __log_ecc_error+0x62/0x90 [amd64_edac_mod]",
            "[  609.681810]  amd_decode_mce+0xb26/0xba0",
            "[  609.681828] ---[ end trace 1dc9b9df24b597d5 ]---"];
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console([
            "[  609.681716] [Hardware Error]: Corrected error, no action required.",
            "[  609.681720] [Hardware Error]: CPU:0 (17:71:0) MC17_STATUS[-|CE|MiscV|AddrV|-|SyndV|CECC|-|-|Scrub]: 0x9c2041000000011b",
            "[  609.681723] [Hardware Error]: Error Addr: 0x000000006d3d483b",
            .. warning,
            "[  609.681830] EDAC MC0: 1 CE on mc#0csrow#0channel#0 (csrow:0 channel:0 page:0x1d4f52 offset:0x3b grain:1 syndrome:0x0)",
            "[  609.681831] [Hardware Error]: cache level: L3/GEN, tx: GEN, mem-tx: RD"]));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((0x1d4f5203bUL, 0, 5), (e.Address!.Value, e.MemoryController!.Value, e.Text.Split('\n').Length));
    }
}
