namespace SolWatch.Parsers.Hardware;

/// <summary>What one console line says towards a hardware event (see <see cref="HardwareLine"/>).</summary>
internal enum PieceKind
{
    /// <summary>core.c mce_notify_irq: "Machine check events logged".</summary>
    Notice,

    /// <summary>print_mce's first line, "CPU 2: Machine Check[ Exception]: 0 Bank 7: cc00008000010090", and the
    /// 2.6-era "CPU 0: Machine Check Exception: 0000000000000004".</summary>
    McaHead,

    /// <summary>The 2.6-era i386 and x86_64 bank line: "Bank 4: b604a00100000813 at 000000007e4f2f68",
    /// "CPU 0: Bank 4: b200000000070f0f[…] at …".</summary>
    McaBank,

    /// <summary>print_mce's "TSC … ADDR … MISC … SYND … IPID …" line, or the EDAC sbridge copy's "ADDR …"/"MISC …".</summary>
    McaTail,

    /// <summary>print_mce's "PROCESSOR 0:50654 TIME … SOCKET 0 APIC 0 microcode …".</summary>
    McaProcessor,

    /// <summary>Another line of an MCE record: RIP, "Machine check: …", "Run the above through 'mcelog --ascii'",
    /// the 2.6-era "HARDWARE ERROR"/"This is not a software problem!", sbridge's "HANDLING MCE MEMORY ERROR".</summary>
    McaNote,

    /// <summary>mce_amd.c decode_error_status: "Corrected error, no action required." and its siblings.</summary>
    AmdMessage,

    /// <summary>mce_amd.c (3.x): "MC4 Error (node 3): DRAM ECC error detected on the NB."</summary>
    AmdBankError,

    /// <summary>mce_amd.c: "CPU:0 (17:31:0) MC27_STATUS[-|CE|MiscV|AddrV|-|-|SyndV|CECC|-|-|-]: 0x9c2040000000011b".</summary>
    AmdStatus,

    /// <summary>mce_amd.c: "Error Addr: 0x…", "MC4_ADDR: 0x…".</summary>
    AmdAddress,

    /// <summary>mce_amd.c's other lines: "IPID: …", "… Ext. Error Code: …", "cache level: …".</summary>
    AmdDetail,

    /// <summary>edac_mc.c: "EDAC MC0: 1 CE memory read error on … (channel:1 slot:0 …)" and the 2.6 "EDAC MC0: CE page …".</summary>
    Edac,

    /// <summary>A chipset driver's line continuing its report of an error: i5000's "\tNON-Retry  Errors, bits= 0x800".</summary>
    EdacDetail,

    /// <summary>ghes.c: "Hardware error from APEI Generic Hardware Error Source: 4", cper.c "APEI generic hardware error status".</summary>
    GhesStart,

    /// <summary>A line of a CPER record printed by cper.c/ghes.c ("event severity: corrected", "physical_address: …").</summary>
    GhesField,

    /// <summary>powerpc mce.c: "MCE: CPU0: machine check (Severe) Host UE Load/Store [Not recovered]", or the older
    /// "Severe Machine check interrupt [Not recovered]"; traps.c's 32-bit "Machine check in kernel mode."; powernv's
    /// "Fatal Hypervisor Maintenance interrupt [Recovered]".</summary>
    PowerPcHead,

    /// <summary>powerpc mce.c's other lines: "MCE: CPU0: NIP: …", "MCE: CPU0: Initiator CPU", "  Error type: UE […]";
    /// traps.c's "Caused by (from SRR1=…): …"; the HMI's "Error detail: …", "HMER: …" and checkstop reason.</summary>
    PowerPcField,

    /// <summary>arm64 traps.c arm64_serror_panic: "SError Interrupt on CPU1, code 0xbe000011 -- SError"; mm/fault.c do_sea():
    /// "Synchronous External Abort: synchronous external abort (0x96000410) at 0x0000000033ff7008".</summary>
    Arm64SError,

    /// <summary>s390 nmi.c: "mcck: Terminating task because of machine malfunction (code 0x…).", s390_handle_damage's
    /// "System stopped due to unrecoverable machine check, code: 0x…".</summary>
    S390Head,

    /// <summary>s390 nmi.c: "mcck: task: %s, pid: %d." after the termination line.</summary>
    S390Field,

    /// <summary>Any other line with the kernel's HW_ERR prefix "[Hardware Error]: ".</summary>
    HardwareErrorLine,

    /// <summary>PCIe AER (drivers/pci/pcie/aer.c): the root port's "AER: Corrected error received: 0000:03:00.0".</summary>
    AerHead,

    /// <summary>PCIe AER: a device's "PCIe Bus Error: severity=Corrected, type=Physical Layer, (Receiver ID)".</summary>
    AerDevice,

    /// <summary>PCIe AER's other lines: "device [144d:a808] error status/mask=…", "[ 0] RxErr (First)", "TLP Header: …".</summary>
    AerField,
}

/// <summary>The fields one line gives; null where the line says nothing of them.</summary>
internal sealed record HardwarePiece(PieceKind Kind)
{
    public int? Cpu { get; init; }
    public int? Socket { get; init; }
    public int? Bank { get; init; }
    public ulong? Status { get; init; }
    public ulong? McgStatus { get; init; }
    public ulong? Address { get; init; }
    public ulong? Misc { get; init; }
    public int? Vendor { get; init; }
    public int? MemoryController { get; init; }
    public int? Channel { get; init; }
    public int? Dimm { get; init; }
    public int? Rank { get; init; }
    public int? Count { get; init; }
    public string? Location { get; init; }
    public string? ErrorType { get; init; }

    /// <summary>A severity the line states outright (AMD's message, GHES event severity, EDAC's CE/UE, powerpc's
    /// disposition, mce_panic's own lines).</summary>
    public HardwareSeverity? Severity { get; init; }

    /// <summary>The line's printk time in microseconds, when it has one: how far apart two lines were printed.</summary>
    public long? Time { get; init; }

    /// <summary>The GHES record's sequence number, "{N}" before "[Hardware Error]".</summary>
    public int? GhesSequence { get; init; }

    /// <summary>This line begins a record of its own kind even when another is open ("HARDWARE ERROR").</summary>
    public bool Begins { get; init; }

    /// <summary>A CPER error's own type (a memory section's or an error information structure's "error_type", an IA32/X64
    /// "Error Structure Type"), not its section's: the record's first such type is what the event is.</summary>
    public bool ErrorDetail { get; init; }

    /// <summary>The rest of a line a copy of the console wrapped (a mail or bug tracker's column limit): it only continues
    /// the record whose line it ends, never begins one; continuing none, it is a line of no record (HardwareTracker).</summary>
    public bool Wrapped { get; init; }

    /// <summary>An EDAC line ghes_edac.c wrote from a CPER memory section (its other_detail begins "APEI location: "):
    /// the firmware's record of the same error is printed next to it.</summary>
    public bool FromCper { get; init; }

    /// <summary>edac_mc's 3.6+ line ended before its " (…)" details did (cut, or wrapped onto the next lines by a copy's
    /// column limit): a wrapped piece of it (Wrapped, from a line without prefix) may follow.</summary>
    public bool DetailsMissing { get; init; }

    /// <summary>powerpc: a machine check the handler did not recover and whose severity is not MCE_SEV_FATAL; in user
    /// mode or a guest the kernel contains it (the task gets SIGBUS, the guest the machine check).</summary>
    public bool Containable { get; init; }

    /// <summary>powerpc: the record's line naming the task or guest it hit ("PID: %d Comm: %s", "Guest NIP: …").</summary>
    public bool UserContext { get; init; }

    /// <summary>A PCIe AER error bit the device logged first ("[ 0] RxErr (First)").</summary>
    public bool FirstError { get; init; }

    /// <summary>PCIe AER: pci_print_aer()'s "aer_status: 0x%08x, aer_mask: 0x%08x", the first line of an error a firmware
    /// (GHES, extlog) reported for the device: right after that record it is the record's own copy.</summary>
    public bool AerPrint { get; init; }

    /// <summary>PCIe AER: pci_print_aer()'s "aer_layer=%s, aer_agent=%s", the layer of the error it printed.</summary>
    public string? AerLayer { get; init; }

    /// <summary>PCIe AER: the port that printed a root-port message ("pcieport 0000:00:1c.5: AER: … received …"); the
    /// message's source, when it names an address, is <see cref="Location"/>.</summary>
    public string? Reporter { get; init; }
}
