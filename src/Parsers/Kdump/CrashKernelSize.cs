using System.Globalization;

namespace SolWatch.Parsers.Kdump;

/// <summary>
/// Sizes as the kernel and the kdump tools print them: <c>crashkernel=</c> values (<c>256M</c>, <c>512M@16M</c>,
/// <c>1G-4G:192M,4G-:256M</c>, <c>256M,high</c>; kernel/crash_reserve.c, parse_crashkernel) and the reservation lines.
/// </summary>
public static class CrashKernelSize
{
    /// <summary>Bytes of a <c>crashkernel=</c> value; a range list is resolved against <paramref name="systemRamBytes"/>
    /// (null when it is unknown). Null when the value cannot be read.</summary>
    public static long? FromArgument(ReadOnlySpan<char> value, long? systemRamBytes)
    {
        if (value.IndexOf(':') >= 0)
        {
            // "start-[end]:size,..." : the size of the range the system's RAM falls in.
            if (systemRamBytes is not { } ram)
            {
                return null;
            }
            foreach (Range part in value.Split(','))
            {
                ReadOnlySpan<char> item = value[part];
                int colon = item.IndexOf(':');
                int dash = item.IndexOf('-');
                if (colon < 0 || dash < 0 || dash > colon)
                {
                    continue;
                }
                long? start = Parse(item[..dash]);
                long? end = dash + 1 == colon ? long.MaxValue : Parse(item[(dash + 1)..colon]);
                if (start is { } s && end is { } e && ram >= s && ram < e)
                {
                    return Parse(item[(colon + 1)..]);
                }
            }
            return null;
        }
        int cut = value.IndexOfAny('@', ',');
        return Parse(cut >= 0 ? value[..cut] : value);
    }

    /// <summary>Bytes of <c>256M</c>, <c>1G</c>, <c>131072K</c> or a plain byte count.</summary>
    public static long? Parse(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return null;
        }
        long unit = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            'T' => 1L << 40,
            _ => 1,
        };
        if (unit != 1)
        {
            text = text[..^1];
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n <= long.MaxValue / unit
            ? n * unit
            : null;
    }

    /// <summary>The number right before <paramref name="suffix"/> at or after <paramref name="from"/> ("256MB" -> 256).</summary>
    public static long? NumberBefore(ReadOnlySpan<char> text, string suffix, int from = 0)
    {
        int at = text[from..].IndexOf(suffix, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        int end = from + at;
        int start = end;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }
        return start < end && long.TryParse(text[start..end], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
    }

    /// <summary>"256M", "1G", "112M": how a person writes a reservation.</summary>
    public static string Format(long bytes) =>
        bytes % (1L << 30) == 0 ? $"{bytes >> 30}G"
        : bytes % (1L << 20) == 0 ? $"{bytes >> 20}M"
        : bytes % (1L << 10) == 0 ? $"{bytes >> 10}K"
        : bytes.ToString(CultureInfo.InvariantCulture);
}
