using System.Globalization;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>Parsing of the configuration's value syntaxes (durations, sizes), shared by the CLI.</summary>
public static class ConfigValues
{
    /// <summary>Parses <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>2h</c>, <c>30d</c> (a bare number is seconds).</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        string t = text.Trim();
        (string unit, double scale) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => ("ms", 0.001),
            _ when t.EndsWith('s') => ("s", 1),
            _ when t.EndsWith('m') => ("m", 60),
            _ when t.EndsWith('h') => ("h", 3600),
            _ when t.EndsWith('d') => ("d", 86400),
            _ => ("", 1),
        };
        if (!double.TryParse(t.AsSpan(0, t.Length - unit.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double n)
            || n < 0 || double.IsNaN(n) || n * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }
        value = TimeSpan.FromSeconds(n * scale);
        return true;
    }

    /// <summary>Parses <c>65536</c>, <c>64KiB</c>, <c>64MiB</c>, <c>1GiB</c> (also KB/MB/GB as the same powers of 1024).</summary>
    public static bool TryParseSize(string text, out long value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        string t = text.Trim();
        long scale = 1;
        foreach ((string suffix, long s) in new[] { ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("B", 1L) })
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                scale = s;
                t = t[..^suffix.Length].TrimEnd();
                break;
            }
        }
        if (!long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n < 0 || n > long.MaxValue / scale)
        {
            return false;
        }
        value = n * scale;
        return true;
    }
}
