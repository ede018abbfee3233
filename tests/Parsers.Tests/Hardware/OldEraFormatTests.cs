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
    public void The_2_6_fbd_forms_of_edac_mc_give_their_channel_and_label(string line, string severity, int? channel, string? location)
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
