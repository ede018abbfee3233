using System.Globalization;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// Signals the process was started with ignored (Linux: SigIgn in /proc/self/status). A daemon started under
/// <c>nohup</c> has SIGHUP ignored, and .NET keeps an inherited ignored SIGHUP ignored (as nohup asks), so
/// <c>kill -HUP</c> would not reload it: the daemon says so at start instead of leaving a reload to vanish.
/// </summary>
internal static class InheritedSignals
{
    /// <summary>Whether SIGHUP (signal 1, bit 0 of the mask) was ignored when the process started.</summary>
    public static bool HangupIgnored(string statusFile = "/proc/self/status")
    {
        try
        {
            foreach (string line in File.ReadLines(statusFile))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                {
                    return ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask)
                           && (mask & 1) != 0;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux, or /proc not mounted: nothing to say.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return false;
    }
}
