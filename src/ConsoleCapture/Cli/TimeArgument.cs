using System.Globalization;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Cli;

/// <summary>Times on the command line: an ISO 8601 time or date (UTC unless an offset is given), or an age such as <c>2h</c> (ago).</summary>
internal static class TimeArgument
{
    public static DateTimeOffset? Parse(string? text, DateTimeOffset now, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (ConfigValues.TryParseDuration(text, out TimeSpan age) && !text.Contains('-', StringComparison.Ordinal))
        {
            return now - age;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset t))
        {
            return t;
        }
        throw new CliException($"{option} {text}: not a time; give e.g. 2026-11-26T07:00Z, 2026-11-26, or an age such as 30m, 2h, 7d");
    }
}
