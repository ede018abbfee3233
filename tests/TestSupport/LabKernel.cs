namespace SolWatch.TestSupport;

/// <summary>Kernel arguments every lab VM boots with, beside those a test gives it (boot.sh's APPEND_EXTRA).</summary>
public static class LabKernel
{
    /// <summary>
    /// <c>no_timer_check</c>: x86's check_timer() (arch/x86/kernel/apic/io_apic.c) counts timer ticks during a short
    /// busy wait at boot and panics ("IO-APIC + timer doesn't work!") when too few arrived. A guest whose vCPU the host
    /// deschedules, as a 2-core CI machine running builds beside the lab does, can fail that count on a sound virtual
    /// machine: a lab test then sees a boot panic instead of the crash it asked for (seen once in CI). Virtual machine
    /// images boot with this argument for the same reason; it changes nothing else the tests read.
    /// </summary>
    public const string Arguments = "no_timer_check";

    /// <summary><paramref name="append"/> with <see cref="Arguments"/> after it.</summary>
    public static string With(string? append) => string.IsNullOrWhiteSpace(append) ? Arguments : $"{append} {Arguments}";
}
