namespace SolWatch.Parsers.Kdump;

/// <summary>
/// The core collector's own word on a failed vmcore save, when it is not makedumpfile's ERRMSG: kdump.conf's
/// <c>core_collector</c> may be <c>cp</c> (GNU cp: <c>cp: error reading '/proc/vmcore': Cannot allocate memory</c>), and
/// a collector killed by a signal is reported by the shell that ran kdump-lib-initramfs.sh's
/// <c>$CORE_COLLECTOR /proc/vmcore …</c> as <c>line 98:   469 Bus error   $CORE_COLLECTOR /proc/vmcore …</c> (bash's
/// job report, the signal named by strsignal). vmcore-dmesg's complaints about the same file are not the vmcore's:
/// a dmesg that failed beside a saved vmcore is no failed save.
/// </summary>
internal static class CoreCollectorError
{
    // strsignal() texts of the signals that kill a reader of /proc/vmcore.
    private static readonly string[] Signals = ["Bus error", "Segmentation fault", "Killed", "Aborted", "Illegal instruction"];

    /// <summary>The reason a person reads, or null when <paramref name="text"/> is no core collector's complaint.</summary>
    public static string? Read(ReadOnlySpan<char> text, ReadOnlySpan<char> toolMessage)
    {
        if (!text.Contains("/proc/vmcore", StringComparison.Ordinal) || text.Contains("dmesg", StringComparison.Ordinal))
        {
            return null;
        }
        if (text.Contains("$CORE_COLLECTOR", StringComparison.Ordinal) || text.Contains("makedumpfile", StringComparison.Ordinal))
        {
            foreach (string signal in Signals)
            {
                if (text.Contains(signal, StringComparison.Ordinal))
                {
                    return $"the core collector died: {signal}";
                }
            }
        }
        if (text.Contains("error reading", StringComparison.Ordinal) || text.Contains("error writing", StringComparison.Ordinal))
        {
            ReadOnlySpan<char> said = toolMessage.Length > 0 ? toolMessage : text.Trim();
            return (said.Length > 160 ? said[..160] : said).ToString();
        }
        return null;
    }
}
