namespace SolWatch.Parsers.Detection.Rules;

/// <summary>Headers about the machine's life rather than a crash.</summary>
internal enum Lifecycle
{
    /// <summary>A crash header.</summary>
    None,

    /// <summary>The kernel announces an orderly restart, power-off or kexec (kernel/reboot.c, kernel/kexec_core.c): the next
    /// boot is expected.</summary>
    OrderlyShutdown,

    /// <summary>A new kernel starts (the x86 boot stub's "Booting the kernel."): a crash only when the machine was running,
    /// did not shut down in order and reported no crash of its own since it booted.</summary>
    Reboot,
}
