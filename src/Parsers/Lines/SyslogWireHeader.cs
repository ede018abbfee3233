namespace SolWatch.Parsers.Lines;

/// <summary>
/// A syslog message as it travels (and as central log servers file it when told to keep it whole): the priority
/// <c>&lt;PRI&gt;</c> first, then either an RFC 5424 header (<c>&lt;4&gt;1 2026-12-06T22:00:01.123456+00:00 web01 kernel - - - msg</c>:
/// rsyslog's RSYSLOG_SyslogProtocol23Format, syslog-ng's <c>syslog()</c> destination) or an RFC 3164 one
/// (<c>&lt;4&gt;Dec  6 22:00:01 web01 kernel: msg</c>: a raw capture of what a host sends to port 514). Hand-written span
/// code: it runs only on lines that start with <c>&lt;</c> and a digit.
/// </summary>
/// <remarks>
/// RFC 5424 section 6: <c>PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]</c>,
/// each header field a run of printable characters or the nil value <c>-</c>, the structured data <c>-</c> or bracketed
/// elements whose quoted values escape <c>"</c>, <c>\</c> and <c>]</c> with a backslash, the message possibly opened by a
/// UTF-8 byte order mark. The kernel's messages carry the APP-NAME <c>kernel</c> (imklog, imjournal, journald's
/// forwarding); any other is a program's.
/// </remarks>
internal static class SyslogWireHeader
{
    private const int MaxPriority = 191; // facility 23, severity 7

    /// <summary>Index just past a syslog priority <c>&lt;PRI&gt;</c> (0-191) at the start, else -1. A kernel level
    /// (<c>&lt;4&gt;[    1.234567] </c>, dmesg -r) looks the same: what follows tells them apart (<see cref="MessageStart"/>,
    /// or an RFC 3164 header).</summary>
    public static int PriorityEnd(ReadOnlySpan<char> s)
    {
        if (s.Length < 5 || s[0] != '<' || !char.IsAsciiDigit(s[1]))
        {
            return -1;
        }
        int i = 1;
        int value = 0;
        while (i < s.Length && i <= 3 && char.IsAsciiDigit(s[i]))
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }
        return i < s.Length && s[i] == '>' && value <= MaxPriority ? i + 1 : -1;
    }

    /// <summary>
    /// Index of the message behind an RFC 5424 header that starts at <paramref name="start"/> (just past the priority),
    /// else -1; <paramref name="fromKernel"/> tells whether its APP-NAME is the kernel's.
    /// </summary>
    public static int MessageStart(ReadOnlySpan<char> s, int start, out bool fromKernel)
    {
        fromKernel = false;
        int i = VersionEnd(s, start);
        if (i < 0)
        {
            return -1;
        }
        // TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID: each a run without a blank, then one space.
        ReadOnlySpan<char> appName = default;
        for (int field = 0; field < 5; field++)
        {
            int end = s[i..].IndexOf(' ');
            if (end <= 0 || end > 255)
            {
                return -1;
            }
            if (field == 2)
            {
                appName = s.Slice(i, end);
            }
            i += end + 1;
        }
        i = StructuredDataEnd(s, i);
        if (i < 0)
        {
            return -1;
        }
        if (i < s.Length && s[i] == ' ')
        {
            i++;
        }
        if (i < s.Length && s[i] == '\uFEFF')
        {
            i++;
        }
        fromKernel = appName.SequenceEqual("kernel");
        return i;
    }

    // "1 " (VERSION is a digit 1-9 and at most two digits) at i: the index past its space, else -1.
    private static int VersionEnd(ReadOnlySpan<char> s, int i)
    {
        if (i + 1 >= s.Length || s[i] is < '1' or > '9')
        {
            return -1;
        }
        int j = i + 1;
        if (char.IsAsciiDigit(s[j]))
        {
            j++;
        }
        return j < s.Length && s[j] == ' ' ? j + 1 : -1;
    }

    // The nil value "-" or one or more "[id param="value" …]" elements at i: the index past them, else -1.
    private static int StructuredDataEnd(ReadOnlySpan<char> s, int i)
    {
        if (i < s.Length && s[i] == '-')
        {
            return i + 1;
        }
        if (i >= s.Length || s[i] != '[')
        {
            return -1;
        }
        while (i < s.Length && s[i] == '[')
        {
            bool quoted = false;
            i++;
            while (i < s.Length && (quoted || s[i] != ']'))
            {
                if (quoted && s[i] == '\\')
                {
                    i++; // \" \\ \] inside a value
                }
                else if (s[i] == '"')
                {
                    quoted = !quoted;
                }
                i++;
            }
            if (i >= s.Length)
            {
                return -1;
            }
            i++; // the element's ']'
        }
        return i;
    }
}
