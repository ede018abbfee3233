using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// Formats of the 2.6/3.x era and of 32-bit powerpc, written from their format strings: sb_edac.c 3.3-3.5's plain-printk
/// copy of the MCE, edac_mc.c's FBD forms (2.6.19-3.5), and traps.c's "Machine check in kernel mode." with its cause.
/// </summary>
public class OldEraFormatTests
{
    [Fact]
    public void The_3_3_sb_edac_plain_copy_and_its_fbd_ce_line_are_one_corrected_event_with_socket_channel_and_label()
    {
        // sb_edac.c 3.3: printk("sbridge: HANDLING MCE MEMORY ERROR\n"), the MCE's first line, then "TSC %llx ", "ADDR %llx ",
        // "MISC %llx " and "PROCESSOR %u:%x TIME %llu SOCKET %u APIC %x\n" as one line; edac_mc_handle_fbd_ce's line after it.
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "sbridge: HANDLING MCE MEMORY ERROR",
            "CPU 3: Machine Check Exception: 0 Bank 7: 8c00004000010092",
            "TSC 0 ADDR 2468ace00 MISC 140404c86 PROCESSOR 0:206d7 TIME 1400000000 SOCKET 1 APIC 20",
            "EDAC MC1: CE row 2, channel 1, label \"CPU_SrcID#1_Channel#1_DIMM#0\": 1 Unknown error(s): memory read on FATAL area : cpu=3 Err=0001:0092 (ch=2), addr = 0x2468ace00 => socket=1, Channel=1(mask=2), rank=0",
            "systemd[1]: Started Session 4 of user root."));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.Mce, HardwareSeverity.Corrected, 3, 7, 0x2468ace00UL), (e.Source, e.Severity, e.Cpu, e.Bank, e.Address!.Value));
        Assert.Equal((1, 1, 1, 0), (e.Socket, e.MemoryController, e.Channel, e.Dimm));
        Assert.Equal("CPU_SrcID#1_Channel#1_DIMM#0", e.Location);
        Assert.Equal((1L, 4L), (e.StartLine, e.EndLine));
        Assert.Empty(reports);
    }

    [Fact]
    public void A_3_14_mce_amd_decode_takes_its_bank_line_after_the_status_and_address_lines()
    {
        // mce_amd.c 3.14+: decode_error_status, "CPU:%d (%x:%x:%x) MC%d_STATUS[…]: 0x%016llx", "MC%d_ADDR: 0x%016llx",
        // then the bank's decode (decode_mc2_mce's "MC2 Error: …") and amd_decode_err_code's "cache level: …".
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[  100.000001] [Hardware Error]: Corrected error, no action required.",
            "[  100.000002] [Hardware Error]: CPU:0 (10:6:3) MC2_STATUS[-|CE|-|-|AddrV|CECC]: 0x940040000000018a",
            "[  100.000003] [Hardware Error]: MC2_ADDR: 0x00000000d3b42540",
            "[  100.000004] [Hardware Error]: MC2 Error: : SNP error during data copyback.",
            "[  100.000005] [Hardware Error]: cache level: L2, tx: GEN, mem-tx: SNP",
            "[  100.300001] [Hardware Error]: Corrected error, no action required.",
            "[  100.300002] [Hardware Error]: CPU:0 (10:6:3) MC1_STATUS[-|CE|-|-|AddrV]: 0x9400000000000151",
            "[  100.300003] [Hardware Error]: MC1_ADDR: 0x0000ffff81012550",
            "[  100.300004] [Hardware Error]: MC1 Error: Copyback Parity/Victim error.",
            "[  100.300005] [Hardware Error]: cache level: L1, tx: INSN, mem-tx: EV"));
        Assert.Equal(2, events.Count);
        Assert.Equal((2, 0xd3b42540UL, 1L, 5L), (events[0].Bank, events[0].Address!.Value, events[0].StartLine, events[0].EndLine));
        Assert.Equal((1, 0xffff81012550UL, 6L, 10L), (events[1].Bank, events[1].Address!.Value, events[1].StartLine, events[1].EndLine));
        Assert.All(events, e => Assert.Equal((HardwareSource.MceAmd, HardwareSeverity.Corrected), (e.Source, e.Severity)));
        // decode_mc2_mce printed an empty decode between two separators: the type is the text after them.
        Assert.Equal(["SNP error during data copyback.", "Copyback Parity/Victim error."], events.Select(e => e.ErrorType));
        Assert.Empty(reports);
    }

    [Fact]
    public void A_3_0_to_3_2_mce_amd_decode_takes_its_unit_named_bank_line_after_the_status_and_address_lines()
    {
        // mce_amd.c 3.0-3.2: "CPU:%d\tMC%d_STATUS[…]: 0x%016llx", "\tMC%d_ADDR: 0x%016llx", then the bank's decode by its
        // unit's name (amd_decode_nb_mce's "Northbridge Error (node %d): %s.") and amd_decode_err_code's "cache level: …".
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[171000.744035] [Hardware Error]: CPU:6\tMC4_STATUS[Over|CE|MiscV|-|AddrV|CECC]: 0xdc04400032080a13",
            "[171000.744097] [Hardware Error]: \tMC4_ADDR: 0x00000001f3f37860",
            "[171000.744128] [Hardware Error]: Northbridge Error (node 3): DRAM ECC error detected on the NB.",
            "[171000.744224] [Hardware Error]: cache level: L3/GEN, mem/io: MEM, mem-tx: RD, part-proc: RES (no timeout)",
            "[171001.000000] CPU:6 MC4_STATUS is a register, not a line."));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.MceAmd, HardwareSeverity.Corrected, 6, 4, 0x1f3f37860UL), (e.Source, e.Severity, e.Cpu, e.Bank, e.Address!.Value));
        Assert.Equal("DRAM ECC error detected on the NB.", e.ErrorType);
        Assert.Equal((1L, 4L), (e.StartLine, e.EndLine));
        Assert.Empty(reports);
    }

    [Fact]
    public void A_2_6_32_amd64_edac_error_address_line_begins_its_error_and_takes_edac_mcs_line_after_it()
    {
        // 2.6.32 edac_mce_amd.c: " Northbridge Error, node %d" and the extended error's "%s." (no HW_ERR, nothing the
        // pre-scan looks for: not read), then amd64_handle_ce's "CE ERROR_ADDRESS= 0x%llx" and edac_mc_handle_ce's line.
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[771510.780050]  Northbridge Error, node 0",
            "[771510.780057] ECC/ChipKill ECC error.",
            "[771510.780063] EDAC amd64 MC0: CE ERROR_ADDRESS= 0x3c7d2dc00",
            "[771510.780074] EDAC MC0: CE page 0x3c7d2d, offset 0xc00, grain 0, syndrome 0xa4f4, row 3, channel 0, label \"\": amd64_edac",
            "[773191.930065]  Northbridge Error, node 0",
            "[773191.966161] ECC/ChipKill ECC error.",
            "[773191.984337] EDAC amd64 MC0: CE ERROR_ADDRESS= 0x346d70310",
            "[773191.984349] EDAC MC0: CE page 0x346d70, offset 0x310, grain 0, syndrome 0xa4f4, row 3, channel 0, label \"\": amd64_edac"));
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((HardwareSource.MceAmd, HardwareSeverity.Corrected, 0, 0, null as string, 2),
            (e.Source, e.Severity, e.MemoryController, e.Channel, e.Location, e.Text.Split('\n').Length)));
        Assert.Equal([0x3c7d2dc00UL, 0x346d70310UL], events.Select(e => e.Address!.Value));
        Assert.Empty(reports);
    }

    [Theory]
    // The unit names' descriptions: after ": ", or one sentence with the name (amd_decode_ls_mce's " during %s.").
    [InlineData("Load Store Error during data read.", 3, "Load Store Error during data read.")]
    [InlineData("Data Cache Error: L1 TLB multimatch.", 0, "L1 TLB multimatch.")]
    [InlineData("Instruction Cache Error: L2 TLB multimatch.", 1, "L2 TLB multimatch.")]
    [InlineData("Bus Unit Error in the write data buffers.", 2, "Bus Unit Error in the write data buffers.")]
    [InlineData("Combined Unit Error: Poison data provided for TLB fill.", 2, "Poison data provided for TLB fill.")]
    [InlineData("FIROB Error: Retire dispatch queue parity error.", 5, "Retire dispatch queue parity error.")]
    [InlineData("Floating Point Unit Error: Free List parity error.", 6, "Free List parity error.")]
    public void A_pre_3_3_mce_amd_unit_name_is_its_bank_and_gives_the_error_type(string decode, int bank, string type)
    {
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            $"[  10.000001] [Hardware Error]: CPU:0\tMC{bank}_STATUS[-|CE|-|-|AddrV]: 0x9400000000000000",
            $"[  10.000002] [Hardware Error]: {decode}"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.MceAmd, bank, type, 2), (e.Source, e.Bank, e.ErrorType, e.Text.Split('\n').Length));
    }

    [Fact]
    public void A_3_x_mce_amd_bank_line_still_begins_the_next_record_of_the_same_bank()
    {
        // mce_amd.c 3.x: the bank's decode first ("MC4 Error (node 3): …"), then "Error Status: %s", the status and address.
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[Hardware Error]: MC4 Error (node 3): DRAM ECC error detected on the NB.",
            "[Hardware Error]: Error Status: Corrected error, no action required.",
            "[Hardware Error]: CPU:18 (10:9:1) MC4_STATUS[Over|CE|MiscV|-|AddrV|CECC]: 0xdc5c410004080a13",
            "[Hardware Error]: MC4_ADDR: 0x0000001891a88210",
            "[Hardware Error]: MC4 Error (node 3): DRAM ECC error detected on the NB.",
            "[Hardware Error]: Error Status: Corrected error, no action required.",
            "[Hardware Error]: CPU:18 (10:9:1) MC4_STATUS[Over|CE|MiscV|-|AddrV|CECC]: 0xdc5c410004080a13",
            "[Hardware Error]: MC4_ADDR: 0x0000001891a88250"));
        Assert.Equal(2, events.Count);
        Assert.Equal((1L, 4L, 5L, 8L), (events[0].StartLine, events[0].EndLine, events[1].StartLine, events[1].EndLine));
    }

    [Fact]
    public void The_plain_sbridge_line_is_found_by_the_batch_search()
    {
        Assert.True(HardwareAnchors.MayBegin("sbridge: HANDLING MCE MEMORY ERROR"));
    }

    [Theory]
    // edac_mc_handle_fbd_ce: "CE row %d, channel %d, label \"%s\": %s" (i5000, i5400, i7core).
    [InlineData("EDAC MC0: CE row 2, channel 1, label \"DIMM_B1\": i5000 CE", "corrected", 1, "DIMM_B1")]
    // edac_mc_handle_fbd_ue: "UE row %d, channel-a= %d channel-b= %d labels \"%s\": %s"; the pair names no one channel,
    // "-" no label (Documentation/edac.txt's i7core example).
    [InlineData("EDAC MC0: UE row 0, channel-a= 0 channel-b= 0 labels \"-\": NON_FATAL (addr = 0x0075b980, socket=0, Dimm=0, Channel=2, syndrome=0x00000040, count=1, Err=8c0000400001009f:4000080482 (read error: read ECC error))",
        "uncorrected-recoverable", null, null)]
    // edac_mc_handle_ue (2.6-3.5): "UE page 0x%lx, offset 0x%lx, grain %d, row %d, labels \"%s\": %s", the channels'
    // labels joined by ':': all empty, ":" names no DIMM; one set, the labels are the location.
    [InlineData("EDAC MC0: UE page 0x23b8, offset 0x0, grain 4096, row 0, labels \":\": i82875p UE", "uncorrected-recoverable", null, null)]
    [InlineData("EDAC MC0: UE page 0x23b8, offset 0x0, grain 4096, row 0, labels \"::\": e7xxx UE", "uncorrected-recoverable", null, null)]
    [InlineData("EDAC MC0: UE page 0x23b8, offset 0x0, grain 4096, row 0, labels \"DIMM_A1:DIMM_B1\": i82875p UE", "uncorrected-recoverable", null, "DIMM_A1:DIMM_B1")]
    public void The_2_6_row_and_page_forms_of_edac_mc_give_their_channel_and_label(string line, string severity, int? channel, string? location)
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(line));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.Edac, severity, 0), (e.Source, HardwareSeverityName.Of(e.Severity), e.MemoryController));
        Assert.Equal((channel, location), (e.Channel, e.Location));
        Assert.Empty(reports);
    }

    [Fact]
    public void A_32_bit_powerpc_machine_check_in_kernel_mode_with_its_cause_is_fatal_when_die_follows()
    {
        // 8xx (6.x): pr_err("Machine check in kernel mode.\n"), pr_err("Caused by (from SRR1=%lx): ", reason),
        // pr_cont("Data access error at address %lx\n", regs->dar); then die("Machine check", regs, SIGBUS).
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[   25.086966] Machine check in kernel mode.",
            "[   25.086999] Caused by (from SRR1=d032): Data access error at address 7f9aeb94",
            "[   25.087136] Oops: Machine check, sig: 7 [#1]",
            "[   25.107454] BE PAGE_SIZE=16K  CMPC885"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.PowerPc, HardwareSeverity.Fatal, "Data access error", 0x7f9aeb94UL),
            (e.Source, e.Severity, e.ErrorType, e.Address!.Value));
        Assert.Equal((1L, 2L), (e.StartLine, e.EndLine));
    }

    [Fact]
    public void A_32_bit_powerpc_machine_check_the_kernel_survives_is_an_event_of_unknown_severity_and_no_crash()
    {
        // machine_check_e500mc: an instruction-cache parity error it flash-invalidates is recoverable: no die() follows.
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "Machine check in kernel mode.",
            "Caused by (from MCSR=40000000): Instruction Cache Parity Error",
            "eth0: link up"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.PowerPc, HardwareSeverity.Unknown, "Instruction Cache Parity Error"), (e.Source, e.Severity, e.ErrorType));
        Assert.Empty(reports);
    }
}
