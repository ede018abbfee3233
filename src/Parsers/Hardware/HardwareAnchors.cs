using System.Buffers;
using SolWatch.Parsers.Framing;

namespace SolWatch.Parsers.Hardware;

/// <summary>
/// The cheap first look at every line: a line with none of these words begins no hardware event and, while no event
/// is open, leaves after one vectorized search. Every line that can begin an event (<see cref="HardwareLine"/>) holds
/// one: HW_ERR "[Hardware Error]" (x86 MCE, AMD decode, GHES/CPER), "Machine Check"/"Machine check" (print_mce's head
/// in every era, "Machine check events logged", powerpc's older "Machine check interrupt"), "EDAC " (edac_mc.c and the
/// drivers' copies), "MCE: CPU" (powerpc), "HARDWARE ERROR" (2.6-era print_mce), "SError Interrupt" and
/// "Synchronous External Abort" (arm64), "HANDLING MCE" (sb_edac.c 3.3-3.5's plain "sbridge: HANDLING MCE MEMORY ERROR"
/// before its copy of the MCE), "Maintenance interrupt" (powernv's "… Hypervisor Maintenance interrupt [Recovered]"),
/// "AER: " and "Bus Error: severity=" (PCIe AER's "AER: Corrected error received", "PCIe Bus Error: severity=…"),
/// "records from previous boot" (bert.c's "BERT: Error records from previous boot:", before its HW_ERR lines),
/// "Fatal Error " (e752x_edac's "Non-Fatal Error PCI Express B" and "Fatal Error …", bare before 2.6.17 and for the NSI),
/// "mcck: " and "unrecoverable machine check" (s390's nmi.c).
/// Lines that only continue an event (print_mce's TSC/PROCESSOR, the 2.6 "Bank 4: …", powerpc's "Caused by …", the
/// HMI's "Error detail: …") are read while one is open.
/// </summary>
/// <remarks>
/// As <c>Kdump/KdumpAnchors</c>: the search runs over a framed batch at once (<see cref="Flag"/>), its fixed cost paid
/// per read rather than per line; a line pushed without a pre-scan is searched alone (<see cref="MayBegin"/>).
/// </remarks>
internal static class HardwareAnchors
{
    internal static readonly string[] Words =
        ["Hardware Error", "Machine Check", "Machine check", "EDAC ", "MCE: CPU", "HARDWARE ERROR", "SError Interrupt",
            "Synchronous External Abort", "HANDLING MCE", "Maintenance interrupt", "AER: ", "Bus Error: severity=",
            "records from previous boot", "Fatal Error ", "mcck: ", "unrecoverable machine check"];

    private static readonly SearchValues<string> Any = SearchValues.Create(Words, StringComparison.Ordinal);

    /// <summary>True when <paramref name="text"/> may begin a hardware event.</summary>
    public static bool MayBegin(ReadOnlySpan<char> text) => text.ContainsAny(Any);

    /// <summary>Flags the lines of <paramref name="text"/> (line i from starts[i] to the '\n' before starts[i + 1]) that
    /// may begin one.</summary>
    public static void Flag(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, Span<bool> flags)
    {
        foreach (int line in new LineFinds(text, starts, Any))
        {
            flags[line] = true;
        }
    }
}
