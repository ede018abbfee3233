namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>How one readiness check of a kdump host came out.</summary>
public enum KdumpCheckStatus
{
    /// <summary>As the kdump manuals want it.</summary>
    Ok,

    /// <summary>Works, but a crash may be lost or exposed (e.g. an oops does not panic, the dump directory is readable by others).</summary>
    Warn,

    /// <summary>A crash would not be dumped, or the dump would not fit.</summary>
    Fail,
}

/// <summary>One readiness check of a kdump host.</summary>
/// <param name="Name">What was checked, e.g. <c>kexec_crash_loaded</c>, <c>crashkernel</c>, <c>free space</c>.</param>
/// <param name="Status">ok, warn or fail.</param>
/// <param name="Reason">One line: what was found and, when not ok, what to do.</param>
public sealed record KdumpCheck(string Name, KdumpCheckStatus Status, string Reason)
{
    /// <summary>The status as printed: <c>ok</c>, <c>warn</c>, <c>fail</c>.</summary>
    public string StatusName => Status switch { KdumpCheckStatus.Ok => "ok", KdumpCheckStatus.Warn => "warn", _ => "fail" };
}
