namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>The machine's one-minute load average, printed beside every figure: on a shared machine a figure means
/// little without it.</summary>
internal static class LoadAverage
{
    /// <summary>The first field of <c>/proc/loadavg</c>, or <c>?</c> where it cannot be read.</summary>
    public static string Now()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
