namespace SolWatch.Parsers.Hardware;

/// <summary>
/// An IA32_MCi_STATUS register taken apart the way mcelog and rasdaemon do (Intel SDM vol. 3B 15.3.2.2; the kernel's
/// MCI_STATUS_* bits in arch/x86/include/asm/mce.h; AMD's Deferred and Poison bits from drivers/edac/mce_amd.c).
/// </summary>
/// <param name="Raw">The register as printed (<c>Bank 7: cc00008000010090</c>).</param>
public readonly record struct McaStatus(ulong Raw)
{
    /// <summary>VAL (bit 63): the register holds an error.</summary>
    public bool Valid => Bit(63);

    /// <summary>OVER (62): an error came while an earlier one was still unread.</summary>
    public bool Overflow => Bit(62);

    /// <summary>UC (61): the hardware did not correct it.</summary>
    public bool Uncorrected => Bit(61);

    /// <summary>EN (60): reporting was enabled for it.</summary>
    public bool Enabled => Bit(60);

    /// <summary>MISCV (59): MCi_MISC holds more about it.</summary>
    public bool MiscValid => Bit(59);

    /// <summary>ADDRV (58): MCi_ADDR holds its address.</summary>
    public bool AddressValid => Bit(58);

    /// <summary>PCC (57): the processor context is corrupt; no recovery is possible.</summary>
    public bool ProcessorContextCorrupt => Bit(57);

    /// <summary>S (56, with MCG_SER_P): signaled as a machine check exception.</summary>
    public bool Signaled => Bit(56);

    /// <summary>AR (55, with MCG_SER_P): software must act before going on.</summary>
    public bool ActionRequired => Bit(55);

    /// <summary>AMD Deferred (44): uncorrected, not yet consumed.</summary>
    public bool Deferred => Bit(44);

    /// <summary>AMD Poison (43): the data was marked poisoned.</summary>
    public bool Poison => Bit(43);

    /// <summary>The MCA error code (bits 15:0); bit 7 set with the compound pattern 0000_0000_1MMM_CCCC is a memory
    /// controller error (SDM 15.9.2).</summary>
    public int ErrorCode => (int)(Raw & 0xffff);

    /// <summary>A memory controller error by the SDM's compound code, as mce_is_memory_error() tells it on Intel.</summary>
    public bool MemoryError => (Raw & 0xef80) == 0x80;

    /// <summary>
    /// The class of the error, as mce/severity.c grades it before any context is known: not corrected and PCC is fatal;
    /// uncorrected without PCC is recoverable (UCNA/SRAO/SRAR); an AMD error with Deferred set is deferred; anything else
    /// valid is corrected. An overflowed uncorrected error is fatal on AMD (mce_severity_amd without overflow_recov) and,
    /// on Intel, only as an action-required one: severity.c's table says "ignore OVER for UCNA" (UC with S and AR clear:
    /// not signaled, found by CMCI or polling, never a panic) and grades an SRAO that lost events "Action optional with
    /// lost events" (SOME); "Action required with lost events" (S and AR set) panics. Without MCG_SER_P (S and AR read
    /// as clear) the kernel's "Overflowed uncorrected" panics, and its "Machine check: …" line and panic make the record
    /// fatal there.
    /// </summary>
    /// <param name="amd">The CPU is AMD or Hygon: bit 44 means Deferred only there.</param>
    public HardwareSeverity Severity(bool amd)
    {
        if (!Valid)
        {
            return HardwareSeverity.Unknown;
        }
        if (Uncorrected)
        {
            bool fatal = ProcessorContextCorrupt || (Overflow && (amd || (Signaled && ActionRequired)));
            return fatal ? HardwareSeverity.Fatal : HardwareSeverity.UncorrectedRecoverable;
        }
        return amd && Deferred ? HardwareSeverity.Deferred : HardwareSeverity.Corrected;
    }

    /// <summary>The set bits by mcelog's names ("Corrected error", "Error enabled", …), in register order; none when the
    /// register holds no valid error (VAL clear: an all-zero status is no corrected error, and mcelog decodes nothing of it).</summary>
    public IReadOnlyList<string> Names()
    {
        if (!Valid)
        {
            return [];
        }
        var names = new List<string>(8);
        if (Overflow)
        {
            names.Add("Error overflow");
        }
        names.Add(Uncorrected ? "Uncorrected error" : "Corrected error");
        if (Enabled)
        {
            names.Add("Error enabled");
        }
        if (MiscValid)
        {
            names.Add("MCi_MISC register valid");
        }
        if (AddressValid)
        {
            names.Add("MCi_ADDR register valid");
        }
        if (ProcessorContextCorrupt)
        {
            names.Add("Processor context corrupt");
        }
        return names;
    }

    private bool Bit(int n) => (Raw & (1UL << n)) != 0;
}
