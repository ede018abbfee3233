using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>
/// The kernel's own formats, era by era, one line or record each, written from the format strings: 2.6.32's
/// print_mce ("%16Lx" pads MCG_STATUS with spaces), the 2.6 i386 p4.c bank line, mce_amd.c's SMCA form, edac_mc.c's
/// 2.6 form, powerpc's and arm64's. Which of them are crashes: only the kernel's panic.
/// </summary>
public class HardwareFormatTests
{
    [Fact]
    public void The_2_6_32_print_mce_record_with_its_padded_mcg_status_is_one_fatal_event_and_its_panic_the_crash()
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[ 1234.000001] HARDWARE ERROR",
            "[ 1234.000002] CPU 0: Machine Check Exception:                4 Bank 4: b200000000070f0f",
            "[ 1234.000003] TSC 1a2b3c4d5e6f ",
            "[ 1234.000004] PROCESSOR 0:206c2 TIME 1300000000 SOCKET 0 APIC 0",
            "[ 1234.000005] This is not a software problem!",
            "[ 1234.000006] Run through mcelog --ascii to decode and contact your hardware vendor",
            "[ 1234.000007] Kernel panic - not syncing: Machine check"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.Mce, HardwareSeverity.Fatal, 0, 4, 0x4UL), (e.Source, e.Severity, e.Cpu, e.Bank, e.McgStatus!.Value));
        Assert.Equal((1L, 6L), (e.StartLine, e.EndLine));
        Assert.True(e.Status!.Value.ProcessorContextCorrupt);
        CrashReport r = Assert.Single(reports);
        Assert.Equal(CrashKind.MachineCheck, r.Kind);
        Assert.Equal("kernel panic: Machine check", r.Title);
    }

    [Fact]
    public void The_i386_p4_handler_prints_each_bank_with_misc_and_address_and_panics_unable_to_continue()
    {
        // arch/i386/kernel/cpu/mcheck/p4.c: "CPU %d: Machine Check Exception: %08x%08x", "CPU %d: Bank %d: %08x%08x%s%s",
        // then panic("CPU context corrupt") when a bank had PCC, panic("Unable to continue") when one had UC.
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "CPU 1: Machine Check Exception: 0000000000000004",
            "CPU 1: Bank 2: b200000000000175[0000000000000000] at 0000000012345678",
            "Kernel panic - not syncing: Unable to continue"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((1, 2, 0x12345678UL, HardwareSeverity.Fatal), (e.Cpu, e.Bank, e.Address!.Value, e.Severity));
        Assert.Equal(CrashKind.MachineCheck, Assert.Single(reports).Kind);
    }

    [Theory]
    [InlineData("Kernel panic - not syncing: CPU context corrupt")]
    [InlineData("Kernel panic - not syncing: Unable to continue")]
    [InlineData("Kernel panic - not syncing: Fatal machine check")]
    [InlineData("Kernel panic - not syncing: Fatal local machine check")]
    [InlineData("Kernel panic - not syncing: Fatal hardware error!")]
    [InlineData("Kernel panic - not syncing: GHES: Fatal hardware error")]
    [InlineData("Kernel panic - not syncing: UE row 0, channel 1, label \"DIMM_A1\": i5000 UE")]
    [InlineData("Kernel panic - not syncing: EDAC MC0: UE page 0x1f5a, offset 0x3c0, grain 8, row 1, labels \":\": i5000 UE")]
    public void The_panics_that_end_a_fatal_hardware_error_are_machine_check_crashes(string panic)
    {
        CrashReport r = Assert.Single(HardwareHarness.Read(HardwareHarness.Console(panic, "---[ end Kernel panic - not syncing ]---")).Reports);
        Assert.Equal(CrashKind.MachineCheck, r.Kind);
    }

    [Theory]
    [InlineData("mce: [Hardware Error]: Machine check events logged")]
    [InlineData("[Hardware Error]: Corrected error, no action required.")]
    [InlineData("{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0")]
    [InlineData("mce: [Hardware Error]: CPU 3: Machine Check Exception: 5 Bank 1: bd80000000100134")]
    [InlineData("EDAC MC0: 1 UE memory read error on CPU_SrcID#0_MC#0_Chan#0_DIMM#0 (channel:0 slot:0 page:0xe16677 offset:0x0 grain:32 -  err_code:0000:009f socket:0 imc:0 rank:0 bg:0 ba:3 row:dad3 col:3c0)")]
    public void A_hardware_error_line_with_no_panic_after_it_is_no_crash(string line)
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[ 100.000000] " + line, "[ 100.100000] systemd[1]: Started Daily apt upgrade."));
        Assert.Empty(reports);
        Assert.Single(events);
    }

    [Fact]
    public void The_amd_smca_decode_and_its_edac_line_are_one_corrected_event_with_the_memory_location()
    {
        // drivers/edac/mce_amd.c amd_decode_mce (SMCA: MCA_CONFIG and the TCC/SyndV/… flags, Error Addr, IPID/Syndrome,
        // the bank's Ext. Error Code) then amd64_edac's edac_mc_handle_error ("%d CE %s%son %s (%s …)" with no message).
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[ 5000.1] mce: [Hardware Error]: Machine check events logged",
            "[ 5000.2] [Hardware Error]: Corrected error, no action required.",
            "[ 5000.3] [Hardware Error]: CPU:2 (19:61:2) MC21_STATUS[Over|CE|MiscV|AddrV|-|-|SyndV|CECC|-|-|-]: 0xdc2040000400011b",
            "[ 5000.4] [Hardware Error]: Error Addr: 0x00000007d41b7940",
            "[ 5000.5] [Hardware Error]: IPID: 0x0000009600350f00, Syndrome: 0x000054d301a00200",
            "[ 5000.6] [Hardware Error]: Unified Memory Controller Ext. Error Code: 0, DRAM ECC error.",
            "[ 5000.7] EDAC MC0: 1 CE on mc#0csrow#2channel#0 (csrow:2 channel:0 page:0x7d41b7 offset:0x940 grain:64 syndrome:0x54d3)",
            "[ 5000.8] [Hardware Error]: cache level: L3/GEN, tx: GEN, mem-tx: RD",
            "[ 5001.0] usb 1-2: new high-speed USB device number 3 using xhci_hcd"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal(HardwareSource.MceAmd, e.Source);
        Assert.Equal(HardwareSeverity.Corrected, e.Severity);
        Assert.Equal((2, 21, 0x7d41b7940UL, 0), (e.Cpu, e.Bank, e.Address!.Value, e.Channel));
        Assert.Equal("mc#0csrow#2channel#0", e.Location);
        Assert.Equal("Unified Memory Controller: DRAM ECC error.", e.ErrorType);
        Assert.Equal(8, e.Text.Split('\n').Length);
    }

    [Fact]
    public void An_amd_deferred_error_is_deferred()
    {
        HardwareEvent e = Assert.Single(HardwareHarness.Read(HardwareHarness.Console(
            "[Hardware Error]: Deferred error, no action required.",
            "[Hardware Error]: CPU:0 (17:31:0) MC18_STATUS[-|-|MiscV|AddrV|-|-|SyndV|UECC|Deferred|-|-]: 0x9c2030000000011b")).Events);
        Assert.Equal(HardwareSeverity.Deferred, e.Severity);
    }

    [Fact]
    public void The_2_6_edac_form_gives_page_offset_row_and_channel()
    {
        // drivers/edac/edac_mc.c (2.6): "CE page 0x%lx, offset 0x%lx, grain %d, syndrome 0x%lx, row %d, channel %d, label \"%s\": %s".
        HardwareEvent e = Assert.Single(HardwareHarness.Read(HardwareHarness.Console(
            "EDAC MC0: CE page 0x1f5a, offset 0x3c0, grain 8, syndrome 0x5ff0, row 1, channel 0, label \"DIMM_B2\": i5000 CE")).Events);
        Assert.Equal((HardwareSource.Edac, HardwareSeverity.Corrected, 0x1f5a3c0UL, 0, "DIMM_B2"), (e.Source, e.Severity, e.Address!.Value, e.Channel, e.Location));
    }

    [Fact]
    public void A_powerpc_machine_check_is_one_event_with_its_disposition()
    {
        // arch/powerpc/kernel/mce.c machine_check_print_event_info (4.19+).
        (List<HardwareEvent> events, _) = HardwareHarness.Read(HardwareHarness.Console(
            "[  123.456] MCE: CPU8: machine check (Severe) Host UE Load/Store DAR: 00007fff9ec00000 paddr: 000000203f4e0000 [Recovered]",
            "[  123.456] MCE: CPU8: PID: 4242 Comm: stress NIP: [00000000100070b0]",
            "[  123.456] MCE: CPU8: Initiator CPU",
            "[  123.456] MCE: CPU8: Unknown",
            "[  123.500] Memory failure: 0x203f4e0: recovery action for dirty LRU page: Recovered"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.PowerPc, HardwareSeverity.UncorrectedRecoverable, 8, 0x203f4e0000UL), (e.Source, e.Severity, e.Cpu, e.Address!.Value));
        Assert.Equal("UE Load/Store", e.ErrorType);
        Assert.Equal(4, e.Text.Split('\n').Length);
    }

    [Fact]
    public void An_arm64_serror_is_a_fatal_event_and_its_panic_the_crash()
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[  55.1] SError Interrupt on CPU1, code 0x00000000bf000002 -- SError",
            "[  55.2] Kernel panic - not syncing: Asynchronous SError Interrupt"));
        HardwareEvent e = Assert.Single(events);
        Assert.Equal((HardwareSource.Arm64, HardwareSeverity.Fatal, 1), (e.Source, e.Severity, e.Cpu));
        Assert.Single(reports);
    }

    [Fact]
    public void Boot_lines_that_name_machine_checks_or_edac_are_no_events()
    {
        (List<HardwareEvent> events, List<CrashReport> reports) = HardwareHarness.Read(HardwareHarness.Console(
            "[    1.507279] mce: CPU supports 32 MCE banks",
            "[    4.459070] EDAC MC: Ver: 3.0.0",
            "[    5.040308] Machine check injector initialized",
            "[    6.000000] EDAC MC0: Giving out device to module sb_edac controller Haswell SrcID#0_Ha#0: DEV 0000:7f:12.0 (INTERRUPT)",
            "[    6.100000] EDAC sbridge: Ver: 1.1.2",
            "[    6.200000] RAS: Correctable Errors collector initialized."));
        Assert.Empty(events);
        Assert.Empty(reports);
    }
}
