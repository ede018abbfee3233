namespace SolWatch.Parsers.Hardware;

/// <summary>
/// How bad a hardware event is, in the classes mcelog and rasdaemon report (Intel SDM vol. 3B 15.6 "UCR error
/// classification"; drivers/edac/mce_amd.c decode_error_status; CPER/GHES "event severity").
/// </summary>
public enum HardwareSeverity
{
    /// <summary>The console does not say (a bare "Machine check events logged" notice).</summary>
    Unknown,

    /// <summary>The hardware corrected the error (MCi_STATUS.UC = 0, EDAC CE, GHES corrected): the part is degrading.</summary>
    Corrected,

    /// <summary>AMD deferred error: uncorrected but not consumed yet (MCi_STATUS.Deferred, EDAC DE).</summary>
    Deferred,

    /// <summary>Uncorrected but the processor context is intact (UC = 1, PCC = 0: UCNA, SRAO, SRAR; GHES recoverable):
    /// the kernel may recover by killing a task or offlining a page.</summary>
    UncorrectedRecoverable,

    /// <summary>Processor context corrupt (PCC = 1), an uncorrected overflow, GHES fatal, or a machine check the kernel
    /// panicked on: a crash follows.</summary>
    Fatal,
}

/// <summary>The wire names of <see cref="HardwareSeverity"/> (JSON, storage, text).</summary>
public static class HardwareSeverityName
{
    /// <summary>The wire name: unknown, corrected, deferred, uncorrected-recoverable, fatal.</summary>
    public static string Of(HardwareSeverity severity) => severity switch
    {
        HardwareSeverity.Corrected => "corrected",
        HardwareSeverity.Deferred => "deferred",
        HardwareSeverity.UncorrectedRecoverable => "uncorrected-recoverable",
        HardwareSeverity.Fatal => "fatal",
        _ => "unknown",
    };

    /// <summary>The severity named <paramref name="name"/>, or null for a name that is none.</summary>
    public static HardwareSeverity? Parse(string? name) => name switch
    {
        "corrected" => HardwareSeverity.Corrected,
        "deferred" => HardwareSeverity.Deferred,
        "uncorrected-recoverable" => HardwareSeverity.UncorrectedRecoverable,
        "fatal" => HardwareSeverity.Fatal,
        "unknown" => HardwareSeverity.Unknown,
        _ => null,
    };
}
