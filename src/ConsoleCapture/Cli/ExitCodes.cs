namespace SolWatch.ConsoleCapture.Cli;

/// <summary>Exit statuses shared by every verb.</summary>
internal static class ExitCodes
{
    /// <summary>The command ran (for scan: crashes found or not).</summary>
    public const int Ok = 0;

    /// <summary>scan --fail-on-crash found a crash.</summary>
    public const int CrashFound = 1;

    /// <summary>Bad input or an error: the message on stderr says what to do.</summary>
    public const int Error = 2;
}
