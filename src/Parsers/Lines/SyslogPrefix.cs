using System.Buffers;
namespace SolWatch.Parsers.Lines;

/// <summary>
/// The part a log collector puts in front of a kernel message: a date (<c>Nov 26 05:34:43</c>, <c>Thu Aug 11 22:52:54 2022</c>,
/// <c>2026-11-26T05:34:43.123+00:00</c>, <c>Mon 2026-11-26 05:34:43 CET</c>), a host name, then the kernel's tag: the syslog
/// program name <c>kernel:</c> or the facility form <c>kern.err:</c> (OpenWrt logread, socklog). Hand-written span code.
/// </summary>
internal static class SyslogPrefix
{
    private const string KernelTag = "kernel: ";
    private const string FacilityTag = "kern.";
    private const int Window = 96;

    /// <summary>Index just past the kernel tag when <paramref name="s"/> starts with a dated syslog prefix, else -1.</summary>
    public static int TagEnd(ReadOnlySpan<char> s)
    {
        if (s.Length < 12 || !LooksLikeDate(s))
        {
            return -1;
        }
        ReadOnlySpan<char> head = s[..Math.Min(s.Length, Window)];
        int k = TagAt(head);
        if (k >= 0)
        {
            return k + KernelTag.Length;
        }
        return FacilityTagEnd(head);
    }

    // The first "kernel: " that is a word of its own, before any ": ": the tag follows the date, the host and a space,
    // while the kernel's text may hold the same letters at a word's end (the Rust panic handler's "rust_kernel: panicked
    // at", dmesg --time-format=iso putting no host or tag before it) or after its own colon.
    private static int TagAt(ReadOnlySpan<char> head)
    {
        int from = 0;
        while (head[from..].IndexOf(KernelTag, StringComparison.OrdinalIgnoreCase) is >= 0 and var k)
        {
            int at = from + k;
            if (head[..at].Contains(": ", StringComparison.Ordinal))
            {
                // Past the message's start: a date and a host hold no ": " ("Kernel panic - not syncing: kernel: panic_on_warn set").
                return -1;
            }
            if (at == 0 || !(char.IsAsciiLetterOrDigit(head[at - 1]) || head[at - 1] == '_'))
            {
                return at;
            }
            from = at + 1;
        }
        return -1;
    }

    /// <summary>
    /// Index just past the kernel tag of a syslog line that <c>grep -n</c> printed, else -1: GNU grep puts each output
    /// line's number first, then ':' for a matching line or '-' for a context line (<c>-A</c>/<c>-B</c>/<c>-C</c>), as in
    /// <c>1262024-Apr 13 18:52:32 ifserv kernel: IP: [&lt;…&gt;] unmap_single_vma+0x2d9/0x6b8</c>. Only a dated syslog line
    /// after the number counts (a number and ':' alone begin too many other lines).
    /// </summary>
    public static int GrepNumberedTagEnd(ReadOnlySpan<char> s)
    {
        int i = 0;
        while (i < s.Length && i < 10 && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        if (i == 0 || i >= s.Length || s[i] is not (':' or '-'))
        {
            return -1;
        }
        int tag = TagEnd(s[(i + 1)..]);
        return tag > 0 ? i + 1 + tag : -1;
    }

    /// <summary>Index just past <c>host kernel: </c> or <c>kernel: </c> when it opens <paramref name="s"/> (journalctl -o
    /// short-monotonic and some CI collectors put the printk time first), else -1.</summary>
    public static int HostTagEnd(ReadOnlySpan<char> s)
    {
        if (s.StartsWith(KernelTag, StringComparison.Ordinal))
        {
            return KernelTag.Length;
        }
        int space = s.IndexOf(' ');
        if (space <= 0 || space > 64)
        {
            return -1;
        }
        return s[space..].StartsWith(" " + KernelTag, StringComparison.Ordinal) ? space + 1 + KernelTag.Length : -1;
    }

    /// <summary>
    /// Index just past <c>host identifier[pid]: </c> when it opens <paramref name="s"/>, else -1: a user-space record as
    /// journalctl -o short-monotonic prints it after the monotonic time (systemd src/shared/logs-show.c output_short:
    /// hostname, then SYSLOG_IDENTIFIER and <c>[_PID]</c>, then <c>": "</c>), e.g.
    /// <c>[    5.123456] node-07 systemd[1]: Started Journal Service.</c>. Not the kernel's line, though a printk-shaped time
    /// comes first. The host must be shaped like a host name and the pid all digits.
    /// </summary>
    public static int HostProgramTagEnd(ReadOnlySpan<char> s)
    {
        int space = s.IndexOf(' ');
        if (space <= 0 || space > 64 || !IsHostName(s[..space]))
        {
            return -1;
        }
        int open = space + 1;
        while (open < s.Length && open - space <= 64 && s[open] is not ('[' or ' ' or ':'))
        {
            open++;
        }
        if (open == space + 1 || open >= s.Length || s[open] != '[')
        {
            return -1;
        }
        int close = open + 1;
        while (close < s.Length && char.IsAsciiDigit(s[close]))
        {
            close++;
        }
        return close > open + 1 && close + 2 < s.Length && s[close] == ']' && s[close + 1] == ':' && s[close + 2] == ' ' ? close + 3 : -1;
    }

    private static bool IsHostName(ReadOnlySpan<char> word) => word.IndexOfAnyExcept(HostNameChars) < 0;

    private static readonly SearchValues<char> HostNameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._");

    /// <summary>Index just past <c>host kernel: </c> at the very start of a line with no date before it, else -1: a
    /// /var/log/messages line whose date columns were cut off (<c>cut -d' ' -f4-</c>), or rsyslog's
    /// <c>%HOSTNAME% %syslogtag%%msg%</c> template. The host must be shaped like a host name (RFC 1123 letters, digits,
    /// '-', '.', '_'), so that words of other programs' output do not pass for one.</summary>
    public static int UndatedHostTagEnd(ReadOnlySpan<char> s)
    {
        int space = s.IndexOf(' ');
        if (space <= 0 || space > 64 || !s[space..].StartsWith(" " + KernelTag, StringComparison.Ordinal))
        {
            return -1;
        }
        foreach (char c in s[..space])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_'))
            {
                return -1;
            }
        }
        return space + 1 + KernelTag.Length;
    }

    /// <summary>Index just past <c>hh:mm:ss host kernel: </c> at the start of a line, else -1: a /var/log/messages line
    /// whose month and day columns were cut off but not its time (<c>cut -d' ' -f3-</c>), as a post quotes a RHEL
    /// journal (<c>23:05:11 localhost.localdomain kernel: INFO: task …</c>) or an issue an Ubuntu kern.log
    /// (<c>22:15:04 padcids kernel: [20013.114065] …</c>). The rest is read as <see cref="UndatedHostTagEnd"/> reads it.</summary>
    public static int TimeOnlyHostTagEnd(ReadOnlySpan<char> s)
    {
        const int Clock = 8;
        if (s.Length <= Clock || s[2] != ':' || s[5] != ':' || s[Clock] != ' ')
        {
            return -1;
        }
        foreach (int i in (ReadOnlySpan<int>)[0, 1, 3, 4, 6, 7])
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return -1;
            }
        }
        int host = UndatedHostTagEnd(s[(Clock + 1)..]);
        return host > 0 ? Clock + 1 + host : -1;
    }

    /// <summary>Index just past <c>kernel: </c> when it opens <paramref name="s"/>, else -1: a syslog or journal line cut
    /// down to its tag (rsyslog's <c>%syslogtag%%msg%</c> template, or the date and host columns cut off as commit
    /// messages and mails quote the journal: <c>kernel:  [&lt;000002c28b5d0e74&gt;] alg_test+0x534/0x660</c>). The tag is
    /// the syslog program name the kernel's records carry (systemd-journald and rsyslog's imklog give "kernel").</summary>
    public static int BareTagEnd(ReadOnlySpan<char> s) =>
        s.StartsWith(KernelTag, StringComparison.Ordinal) ? KernelTag.Length : -1;

    /// <summary>
    /// Index just past a bare ISO 8601 time and a space (or a tab) at the start (<c>2025-04-23T04:38:59Z </c>, dmesg --time-format=iso's
    /// <c>2024-01-11T14:18:39,916600+01:00 </c>, remote-logging receivers), else -1. No host or tag follows it, so it does not
    /// say the line is the kernel's.
    /// </summary>
    public static int IsoTimeEnd(ReadOnlySpan<char> s)
    {
        if (s.Length < 21)
        {
            return -1;
        }
        int i = TimeEnd(s);
        // A space, or a tab: loggers that stamp each line ("%F %T\t", a console log exported as tab-separated columns).
        return i > 0 && i < s.Length && s[i] is ' ' or '\t' ? i + 1 : -1;
    }

    /// <summary>
    /// Index just past the prefix Talos Linux puts before each record of the kernel's log it serves, else -1: machined's
    /// Dmesg API formats a record as <c>"%s: %7s: [%s]: %s"</c> of its facility, its priority (right-aligned to seven
    /// columns), its time (Go's time.RFC3339Nano) and its text, and <c>talosctl dmesg</c> prints each with the node's name
    /// first (cmd/talosctl/cmd/talos/dmesg.go, <c>"%s: %s"</c>): <c>nanofield: kern: warning: [2021-08-05T21:46:09.299245081Z]: </c>,
    /// <c>172.20.1.2: kern:    info: [2021-11-10T10:09:37.662764956Z]: </c>. The record holds no printk time.
    /// <paramref name="kernel"/>: its facility is kern (a program writing to /dev/kmsg gives its own, user by default).
    /// </summary>
    public static int TalosDmesgEnd(ReadOnlySpan<char> s, out bool kernel)
    {
        kernel = false;
        ReadOnlySpan<char> head = s[..Math.Min(s.Length, Window + 64)];
        int open = head.IndexOf(": [", StringComparison.Ordinal);
        if (open <= 0)
        {
            return -1;
        }
        int priority = open;
        while (priority > 0 && char.IsAsciiLetterLower(s[priority - 1]))
        {
            priority--;
        }
        if (!IsSyslogPriority(s[priority..open]))
        {
            return -1;
        }
        int blanks = priority;
        while (blanks > 0 && s[blanks - 1] == ' ')
        {
            blanks--;
        }
        if (blanks == priority || blanks < 2 || s[blanks - 1] != ':')
        {
            return -1;
        }
        int facilityEnd = blanks - 1;
        int facility = facilityEnd;
        while (facility > 0 && (char.IsAsciiLetterLower(s[facility - 1]) || char.IsAsciiDigit(s[facility - 1])))
        {
            facility--;
        }
        // Before the facility: nothing (machined's own form), or the node talosctl names and ": ".
        if (facility == facilityEnd
            || (facility > 0 && !(facility > 2 && s[facility - 1] == ' ' && s[facility - 2] == ':' && IsNodeName(s[..(facility - 2)]))))
        {
            return -1;
        }
        int time = open + 3;
        int end = TimeEnd(s[time..]);
        if (end < 0 || time + end + 2 >= s.Length || s[time + end] != ']' || s[time + end + 1] != ':' || s[time + end + 2] != ' ')
        {
            return -1;
        }
        kernel = s[facility..facilityEnd].SequenceEqual("kern");
        return time + end + 3;
    }

    // The level names of syslog(3) as Talos's kmsg reader prints them (LOG_EMERG … LOG_DEBUG).
    private static bool IsSyslogPriority(ReadOnlySpan<char> word) =>
        word is "emerg" or "alert" or "crit" or "err" or "warning" or "notice" or "info" or "debug";

    // A node as talosctl names it: a host name or an address (IPv6's colons included).
    private static bool IsNodeName(ReadOnlySpan<char> word) => word.IndexOfAnyExcept(NodeNameChars) < 0;

    private static readonly SearchValues<char> NodeNameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._:");

    // Index just past "YYYY-MM-DDThh:mm:ss", its fraction and its zone (Z or an offset), else -1.
    private static int TimeEnd(ReadOnlySpan<char> s)
    {
        // YYYY-MM-DDThh:mm:ss
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] is not ('T' or ' ') || s[13] != ':' || s[16] != ':')
        {
            return -1;
        }
        foreach (int d in (ReadOnlySpan<int>)[0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])
        {
            if (!char.IsAsciiDigit(s[d]))
            {
                return -1;
            }
        }
        int i = 19;
        if (s[i] is '.' or ',')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }
        if (i < s.Length && s[i] == 'Z')
        {
            i++;
        }
        else if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == ':'))
            {
                i++;
            }
        }
        return i;
    }

    /// <summary>
    /// Whether an ISO time (<see cref="IsoTimeEnd"/>, with its space) is util-linux dmesg's <c>--time-format=iso</c>
    /// (sys-utils/dmesg.c iso_8601_time: <c>%04d-%02d-%02dT%02d:%02d:%02d,%06ld%+03d:%02d</c>, e.g.
    /// <c>2024-01-11T14:18:39,916600+01:00 </c>): a comma, six fraction digits and the offset with its colon. dmesg
    /// prints the kernel's records, so the line is the kernel's; loggers' comma times have three digits and no offset.
    /// </summary>
    public static bool IsDmesgIsoTime(ReadOnlySpan<char> time) =>
        time.Length == 33 && time[10] == 'T' && time[19] == ',' && time[26] is '+' or '-' && time[29] == ':' && time[32] == ' '
        && !time[20..26].ContainsAnyExceptInRange('0', '9');

    // " kern.info kernel: " is found above; "kern.err: " alone (socklog) here.
    private static int FacilityTagEnd(ReadOnlySpan<char> head)
    {
        int f = head.IndexOf(FacilityTag, StringComparison.Ordinal);
        if (f <= 0 || head[f - 1] != ' ')
        {
            return -1;
        }
        int j = f + FacilityTag.Length;
        int level = j;
        while (j < head.Length && char.IsAsciiLetterLower(head[j]))
        {
            j++;
        }
        return j > level && j + 1 < head.Length && head[j] == ':' && head[j + 1] == ' ' ? j + 2 : -1;
    }

    private static bool LooksLikeDate(ReadOnlySpan<char> s) =>
        // "Nov 26", "Thu Aug 11", "Mon 2026-11-26", and localized month names ("set 03", "июл 27")
        (char.IsLetter(s[0]) && char.IsLetter(s[1]) && char.IsLetter(s[2]) && s[3] == ' ')
        || AbbreviatedWithPeriod(s)
        // "2026-11-26T05:34:43"
        || (char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3]) && s[4] == '-');

    // A month abbreviated with a period, as journalctl and syslog print it in some locales (strftime's %b: nl/nb "jan.",
    // fr "janv.", "févr.", "sept."): three to five letters, '.', a space.
    private static bool AbbreviatedWithPeriod(ReadOnlySpan<char> s)
    {
        int letters = 0;
        while (letters < 5 && letters < s.Length && char.IsLetter(s[letters]))
        {
            letters++;
        }
        return letters >= 3 && letters + 1 < s.Length && s[letters] == '.' && s[letters + 1] == ' ';
    }
}
