using System.Globalization;

namespace SolWatch.Parsers.Lines;

/// <summary>
/// A raw /dev/kmsg record header, as collectors that read /dev/kmsg store it and as extended netconsole sends it:
/// <c>LEVEL,SEQ,USEC,FLAGS[,caller=T123][,KEY=VALUE…];message</c> (Documentation/ABI/testing/dev-kmsg).
/// </summary>
internal static class KmsgRecord
{
    private const string CallerKey = "caller=";

    /// <summary>Index just past the ';' when a record header starts at <paramref name="start"/>, else -1; the caller id when given.</summary>
    public static int End(ReadOnlySpan<char> s, int start, out string? caller) => End(s, start, out caller, out _);

    /// <summary>The same, with the record's timestamp (the same clock as printk's time) in microseconds, -1 when it does
    /// not fit a long.</summary>
    public static int End(ReadOnlySpan<char> s, int start, out string? caller, out long microseconds)
    {
        caller = null;
        microseconds = -1;
        int i = start;
        // Three decimal fields: level (with facility), sequence number, timestamp in microseconds.
        for (int field = 0; field < 3; field++)
        {
            int digits = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == digits || i >= s.Length || s[i] != ',')
            {
                return -1;
            }
            if (field == 2 && !long.TryParse(s[digits..i], NumberStyles.None, CultureInfo.InvariantCulture, out microseconds))
            {
                microseconds = -1;
            }
            i++;
        }
        // Flags: '-', 'c', '+'.
        int flags = i;
        while (i < s.Length && s[i] is '-' or 'c' or '+')
        {
            i++;
        }
        if (i == flags)
        {
            return -1;
        }
        int semicolon = s[i..].IndexOf(';');
        if (semicolon < 0 || (semicolon > 0 && s[i] != ','))
        {
            return -1;
        }
        ReadOnlySpan<char> extra = s.Slice(i, semicolon);
        int c = extra.IndexOf(CallerKey, StringComparison.Ordinal);
        if (c >= 0)
        {
            ReadOnlySpan<char> id = extra[(c + CallerKey.Length)..];
            int comma = id.IndexOf(',');
            id = comma >= 0 ? id[..comma] : id;
            if (id.Length > 1 && id[0] is 'T' or 'C')
            {
                caller = id.ToString();
            }
        }
        return i + semicolon + 1;
    }
}
