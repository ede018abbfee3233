namespace SolWatch.Parsers.Hardware;

/// <summary>Which part of the kernel printed a hardware event.</summary>
public enum HardwareSource
{
    /// <summary>x86 machine check architecture: arch/x86/kernel/cpu/mce/core.c print_mce and mce_notify_irq ("Machine
    /// check events logged"), also as the EDAC sbridge/skx drivers copy it, and the 2.6-era mce.c/p4.c/k7.c forms.</summary>
    Mce,

    /// <summary>AMD's decoder, drivers/edac/mce_amd.c amd_decode_mce ("Corrected error, no action required.",
    /// "MC4_STATUS[…]").</summary>
    MceAmd,

    /// <summary>A memory controller's error report, drivers/edac/edac_mc.c ("EDAC MC0: 1 CE … on …").</summary>
    Edac,

    /// <summary>A firmware-first record, drivers/acpi/apei/ghes.c and drivers/firmware/efi/cper.c
    /// ("{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source").</summary>
    Ghes,

    /// <summary>powerpc's machine check, arch/powerpc/kernel/mce.c machine_check_print_event_info and traps.c's 32-bit
    /// handlers, and powernv's Hypervisor Maintenance interrupt (platforms/powernv/opal-hmi.c).</summary>
    PowerPc,

    /// <summary>arm64's SError (arch/arm64/kernel/traps.c arm64_serror_panic) and synchronous external abort
    /// (arch/arm64/mm/fault.c do_sea).</summary>
    Arm64,

    /// <summary>PCI Express Advanced Error Reporting handled by the kernel itself, drivers/pci/pcie/aer.c ("AER: Corrected
    /// error received", "PCIe Bus Error: severity=…"): a link, device or switch error (the same error handled by the
    /// firmware first is a GHES record's "PCIe error" section).</summary>
    Aer,

    /// <summary>s390's machine check (arch/s390/kernel/nmi.c): "mcck: Terminating task because of machine malfunction
    /// (code 0x…)." when the registers of a user task could not be restored (the task is killed, the kernel goes on), and
    /// s390_handle_damage's "System stopped due to unrecoverable machine check, code: 0x…" (the system stops in a
    /// disabled wait). A channel report (drivers/s390/cio/crw.c "crw_info : CRW reports …") is a configuration change of
    /// the I/O subsystem, not an error: no event.</summary>
    S390,
}

/// <summary>The wire names of <see cref="HardwareSource"/>.</summary>
public static class HardwareSourceName
{
    /// <summary>The wire name: mce, mce-amd, edac, ghes, powerpc, arm64, aer, s390.</summary>
    public static string Of(HardwareSource source) => source switch
    {
        HardwareSource.MceAmd => "mce-amd",
        HardwareSource.Edac => "edac",
        HardwareSource.Ghes => "ghes",
        HardwareSource.PowerPc => "powerpc",
        HardwareSource.Arm64 => "arm64",
        HardwareSource.Aer => "aer",
        HardwareSource.S390 => "s390",
        _ => "mce",
    };

    /// <summary>The source named <paramref name="name"/>, or null.</summary>
    public static HardwareSource? Parse(string? name) => name switch
    {
        "mce" => HardwareSource.Mce,
        "mce-amd" => HardwareSource.MceAmd,
        "edac" => HardwareSource.Edac,
        "ghes" => HardwareSource.Ghes,
        "powerpc" => HardwareSource.PowerPc,
        "arm64" => HardwareSource.Arm64,
        "aer" => HardwareSource.Aer,
        "s390" => HardwareSource.S390,
        _ => null,
    };
}
