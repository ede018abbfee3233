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

    /// <summary>
    /// --since and --until together. A window that ends before it starts (<c>--since 2h --until 3h</c>: ages are "ago", so
    /// the later time is the smaller age) can hold nothing; it is refused in words rather than answered with an empty list.
    /// </summary>
    public static (DateTimeOffset? Since, DateTimeOffset? Until) Window(string? since, string? until, DateTimeOffset now)
    {
        DateTimeOffset? from = Parse(since, now, "--since");
        DateTimeOffset? to = Parse(until, now, "--until");
        if (from > to)
        {
            throw new CliException($"--since {since} is after --until {until}: nothing can be in that window; --since is its start, " +
                "--until its end (an age is a time ago: --since 3h --until 2h is the hour before the last two)");
        }
        return (from, to);
    }
}
