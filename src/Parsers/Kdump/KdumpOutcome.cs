namespace SolWatch.Parsers.Kdump;

/// <summary>What became of a crash's dump (architecture.md: <c>kdump.outcome</c>).</summary>
public enum KdumpOutcome
{
    /// <summary>Not known: the console ends too early, or nothing says whether kdump was armed.</summary>
    Unknown,

    /// <summary>The capture kernel saved the vmcore.</summary>
    Saved,

    /// <summary>The capture kernel booted and ran the save, which failed.</summary>
    SaveFailed,

    /// <summary>The capture kernel was loaded but did not get to the save: it ran out of memory, crashed, or never came.</summary>
    CaptureKernelFailed,

    /// <summary>No capture kernel was loaded: crashkernel= not reserved, kexec load failed, service failed.</summary>
    NotArmed,
}

/// <summary>The wire names of <see cref="KdumpOutcome"/>, as architecture.md spells them.</summary>
public static class KdumpOutcomeNames
{
    /// <summary><c>saved</c>, <c>save-failed</c>, <c>capture-kernel-failed</c>, <c>not-armed</c> or <c>unknown</c>.</summary>
    public static string Name(this KdumpOutcome outcome) => outcome switch
    {
        KdumpOutcome.Saved => "saved",
        KdumpOutcome.SaveFailed => "save-failed",
        KdumpOutcome.CaptureKernelFailed => "capture-kernel-failed",
        KdumpOutcome.NotArmed => "not-armed",
        _ => "unknown",
    };
}
