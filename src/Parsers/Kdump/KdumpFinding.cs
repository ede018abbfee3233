namespace SolWatch.Parsers.Kdump;

/// <summary>Whether a finding is a boot's readiness or a crash's dump attempt.</summary>
public enum KdumpFindingKind
{
    /// <summary>What one boot of the first kernel said about kdump: reservation, kexec load, service result.</summary>
    Readiness,

    /// <summary>One crash and what became of its dump.</summary>
    DumpAttempt,
}

/// <summary>One step of a kdump story: the console line it was read from and what it meant.</summary>
/// <param name="Line">1-based line number in the console stream.</param>
/// <param name="At">When the line was received, when the caller said (default offline).</param>
/// <param name="Event">What happened, in a few words (e.g. <c>panic</c>, <c>capture kernel booted</c>).</param>
public sealed record KdumpEvent(long Line, DateTimeOffset At, string Event);

/// <summary>
/// A kdump finding (architecture.md: the <c>kdump</c> object): a boot's readiness, or a crash's dump attempt.
/// </summary>
/// <param name="Kind">Readiness or dump attempt.</param>
/// <param name="StartLine">First line of the finding (the boot's banner, the crash's first line).</param>
/// <param name="EndLine">Last line that belongs to it.</param>
/// <param name="Armed">Whether a capture kernel was loaded: true, false, or null when the console does not say.</param>
/// <param name="Outcome">For an attempt, what became of the dump; for readiness, <see cref="KdumpOutcome.NotArmed"/> or
/// <see cref="KdumpOutcome.Unknown"/>.</param>
/// <param name="Reason">One line a person understands.</param>
/// <param name="CrashKernelBytes">The crashkernel reservation in bytes, when known.</param>
/// <param name="VmcorePath">Where the vmcore was saved (or was being saved), when the console says.</param>
/// <param name="PanicTimeout">The first kernel's <c>panic=</c> seconds, when on its command line.</param>
/// <param name="PanicOnOops">The first kernel's <c>oops=panic</c>/<c>panic_on_oops=</c>, when on its command line.</param>
/// <param name="CaptureWithoutCrash">A capture kernel booted with no crash report before it on this console.</param>
/// <param name="Timeline">The steps, in console order.</param>
public sealed record KdumpFinding(
    KdumpFindingKind Kind,
    long StartLine,
    long EndLine,
    bool? Armed,
    KdumpOutcome Outcome,
    string Reason,
    // "crashkernel" in every JSON SolWatch writes (the offline verb's, incidents', the API's and the fleet's), as the
    // issue names the field; the API serializes this record as it is.
    [property: System.Text.Json.Serialization.JsonPropertyName("crashkernel")] long? CrashKernelBytes,
    string? VmcorePath,
    int? PanicTimeout,
    bool? PanicOnOops,
    bool CaptureWithoutCrash,
    IReadOnlyList<KdumpEvent> Timeline);
