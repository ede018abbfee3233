using System.Globalization;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Lines;

/// <summary>
/// Strips what consoles and log collectors put in front of a kernel message: syslog/journal prefixes
/// (<c>Nov 26 05:34:43 host kernel: </c>, <c>2026-11-26T05:34:43.123+00:00 host kernel: </c>, <c>… kern.err: </c>, the date or
/// the month and day cut off (<c>host kernel: </c>, <c>05:34:43 host kernel: </c>), also
/// behind <c>grep -n</c>'s line number), a mail reply's <c>&gt; </c> quote marks, raw
/// /dev/kmsg and extended-netconsole record headers (<c>6,1234,5678,-,caller=C0;</c>), the
/// <c>** N printk messages dropped **</c> marker, util-linux dmesg -x's <c>kern  :warn  : </c>, a shell's <c>login: </c> or prompt, <c>&lt;n&gt;</c> levels,
/// a LAVA record's head and JSON string, <c>[ 12.345678]</c>, dmesg -T <c>[Wed Dec 19 03:36:07 2018]</c>, --reltime
/// <c>[Dec 6 22:00]</c>/<c>[  +0.000008]</c> and --time-format=iso times, <c>[T123]</c>/<c>[ C3]</c> caller ids (also dmesg's
/// <c>[   35.0] [  T5851]</c>), xen-crashdump-analyser's level names after the time (<c>[    525.566493]  ALERT: </c>), journalctl -o short-monotonic's user-space <c>host prog[pid]: </c> (not the kernel's),
/// syslog as sent (<c>&lt;4&gt;</c> and an RFC 5424 or RFC 3164 header), the kubelet's container log (<c>… stdout F </c>), Talos Linux's
/// <c>talosctl dmesg</c> (<c>node: kern: warning: [2021-08-05T21:46:09.299245081Z]: </c>), and
/// one-object-a-line JSON logs (journalctl -o json, Docker's json-file, Fluent Bit's kmsg records bare or in its file
/// output's <c>tag: [time, {…}]</c>).
/// tests/Parsers.Tests/Formats checks that each form gives the reports the bare console gives.
/// Hand-written span code: it runs on every line of a report, where a parser combinator would cost more than the rest
/// of the detector.
/// </summary>
public static class LinePrefix
{
    private const string Dropped = " printk messages dropped ** ";

    /// <summary>Takes <paramref name="raw"/> apart.</summary>
    public static KernelLine Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Length > 0 && raw[0] == '>' && MailQuote.End(raw) is > 0 and var quoted)
        {
            // A line quoted in a mail reply: the quoted text is taken apart as the console line it was.
            KernelLine inner = Parse(raw[quoted..]);
            return inner.Raw.Length == raw.Length - quoted
                ? inner with { Raw = raw, TextStart = inner.TextStart + quoted, TextEnd = inner.TextEnd < 0 ? -1 : inner.TextEnd + quoted, PlainSecondsPlusOne = 0 }
                : inner;
        }
        if (raw.Length > 0 && raw[0] == '{' && JsonLogRecord.TryRead(raw, out JsonLogRecord.Fields json))
        {
            return FromJsonRecord(json);
        }
        if (raw.Length > 0 && raw[^1] is ']' or ' ' && JsonLogRecord.TryReadFluentBitFileLine(raw, out JsonLogRecord.Fields fluent))
        {
            return FromJsonRecord(fluent);
        }
        ReadOnlySpan<char> s = raw;
        int start = 0;
        bool kernel = false;
        string? caller = null;
        int afterTime = PrintkTime.SkipNumeric(s, 0, out long plainSeconds);
        // Where printk's time and caller id end when the line starts with them (PlainSecondsOf).
        int timeAndCallerEnd = -1;
        bool record = false;
        if (afterTime == 0)
        {
            // Not the common "[   12.345678] …" line printed by the kernel itself: something may come before the time.
            if (LavaRecord.MessageStart(s) is > 0 and var message)
            {
                // A LAVA record: the console's line is its message, printk time or none (CONFIG_PRINTK_TIME=n, user space).
                record = true;
                start = message;
            }
            else
            {
                start = SkipCollectorPrefix(s, ref kernel, ref caller);
            }
            afterTime = PrintkTime.Skip(s, start);
            if (afterTime == start && !kernel && PrintkTime.FindEmbedded(s, start) is > 0 and var embedded)
            {
                // Something the console or a collector put first: a CI's clock, a shell prompt the oops interrupted.
                start = embedded;
                afterTime = PrintkTime.Skip(s, start);
            }
        }
        if (afterTime == start && s[start..].StartsWith("[") && SkipCaller(s, start, out string? bareCaller) is var afterBareCaller && afterBareCaller > start)
        {
            // CONFIG_PRINTK_CALLER with printk.time=0: the caller id alone ("[  T123] ").
            caller ??= bareCaller;
            kernel = true;
            start = afterBareCaller < s.Length && s[afterBareCaller] == ' ' ? afterBareCaller + 1 : afterBareCaller;
        }
        else if (afterTime > start)
        {
            kernel = true;
            start = SkipCaller(s, afterTime, out string? printkCaller);
            if (printkCaller is null && afterTime + 1 < s.Length && s[afterTime] == ' ' && s[afterTime + 1] == '['
                && SkipCaller(s, afterTime + 1, out printkCaller) is var spaced && printkCaller is not null)
            {
                // util-linux dmesg (2.40+, sys-utils/dmesg.c print_record) prints the record's caller id as
                // "[%*s] " after its own time and its space: "[   35.046212] [  T5851] ", "[Sun Dec  6 …] [  T5851] ".
                start = spaced;
            }
            caller ??= printkCaller;
            timeAndCallerEnd = start;
            if (start < s.Length && s[start] == ' ')
            {
                start++;
            }
            if (printkCaller is null)
            {
                start = VendorCaller.Skip(s, start, out string? vendorCaller);
                caller ??= vendorCaller;
                start = CrashdumpLevel.Skip(s, start);
            }
            // journalctl -o short-monotonic's "[time] host kernel: " and "[time] host prog[pid]: ": the journal prints no
            // caller id (systemd src/shared/logs-show.c output_short), so a line with one after its time is the kernel's
            // own record. On a crash-dense console with CONFIG_PRINTK_CALLER (nearly every line) the two tests were a
            // fiftieth of a cold scan.
            if (printkCaller is null)
            {
                int host = SyslogPrefix.HostTagEnd(s[start..]);
                if (host > 0)
                {
                    start += host;
                }
                else if (start > 0 && SyslogPrefix.HostProgramTagEnd(s[start..]) is > 0 and var program)
                {
                    // journalctl -o short-monotonic's user-space record: the time is the journal's, the line a program's.
                    start += program;
                    kernel = false;
                }
            }
        }
        start = SkipLevelBehindBlanks(s, start);
        int tail = kernel || record ? JsonRecordTail(s, start) : -1;
        if (record && tail > 0 && s[start..tail].Contains('\\'))
        {
            // The message is a JSON string: its quotes, backslashes and tabs are escaped ("on \"/dev/ram0\"", "87\trefcount…").
            // The rules read the console's text, so the line is given with its message unescaped (a LAVA line with a
            // backslash is rare: only it is copied).
            return new KernelLine(string.Concat(s[..start], JsonString.Unescape(s[start..tail])), start, caller, kernel);
        }
        return new KernelLine(raw, start, caller, kernel, tail) { PlainSecondsPlusOne = PlainSecondsOf(s, plainSeconds, timeAndCallerEnd, start) + 1 };
    }

    // The whole seconds of printk's time when the prefix is that time alone, with its caller id and a blank: what
    // PrintkTime.WholeSeconds would read from the prefix, taken from the time already read (the detector asks it of every
    // line of an open report, and reading the time twice was a twentieth of a crash-dense scan's instructions); else -1,
    // and the reader of the time reads the prefix itself.
    private static long PlainSecondsOf(ReadOnlySpan<char> s, long plainSeconds, int timeAndCallerEnd, int start) =>
        plainSeconds >= 0 && timeAndCallerEnd > 0
        && (start == timeAndCallerEnd || (start == timeAndCallerEnd + 1 && s[timeAndCallerEnd] == ' '))
            ? plainSeconds
            : -1;

    /// <summary>
    /// The line a JSON log record holds (<see cref="JsonLogRecord"/>), given as that line: a journal record of the kernel's
    /// with the printk time journald kept apart put back in front (<c>[%5lu.%06lu] </c>, as the console printed it), a
    /// program's journal record as a program's line, and a line a container printed (Docker) taken apart like any console
    /// line. The report shows the line so, not the JSON around it. A record whose message is itself such an object is
    /// read once, not again.
    /// </summary>
    private static KernelLine FromJsonRecord(in JsonLogRecord.Fields record)
    {
        string message = record.Message;
        if (!record.Journal)
        {
            return message.Length > 0 && message[0] == '{' ? new KernelLine(message, 0, null, false) : Parse(message);
        }
        if (!record.Kernel)
        {
            return new KernelLine(message, 0, null, false);
        }
        if (record.SourceMicroseconds < 0)
        {
            return new KernelLine(message, 0, null, true);
        }
        long seconds = record.SourceMicroseconds / 1_000_000;
        string time = string.Create(CultureInfo.InvariantCulture, $"[{seconds,5}.{record.SourceMicroseconds % 1_000_000:D6}] ");
        return new KernelLine(time + message, time.Length, null, true);
    }

    /// <summary>
    /// Where a LAVA log's JSON record closes after the kernel's message, or -1. LAVA keeps each console line as
    /// <c>- {"dt": "…", "lvl": "target", "msg": "[    1.146063] WARNING: …"}</c>; the part before the printk time is cut
    /// like any collector's prefix, which leaves the string's closing quote and the record's brace. The message is a
    /// JSON string then, so every quote in it is escaped (<c>\"</c>): a line whose message has an unescaped quote before
    /// the tail, or whose tail quote is itself escaped, is the kernel's own text ending in <c>"}</c>.
    /// </summary>
    private static int JsonRecordTail(ReadOnlySpan<char> s, int start)
    {
        int end = s.Length - 2;
        if (end <= start || s[end] != '"' || s[end + 1] != '}')
        {
            return -1;
        }
        ReadOnlySpan<char> message = s[start..end];
        if (BackslashesBefore(message, message.Length) % 2 == 1)
        {
            return -1; // the tail's quote is escaped: part of the string
        }
        int q;
        while ((q = message.IndexOf('"')) >= 0)
        {
            if (BackslashesBefore(message, q) % 2 == 0)
            {
                return -1; // an unescaped quote: not a JSON string's body
            }
            message = message[(q + 1)..];
        }
        return end;
    }

    private static int BackslashesBefore(ReadOnlySpan<char> s, int at)
    {
        int n = 0;
        for (int i = at - 1; i >= 0 && s[i] == '\\'; i--)
        {
            n++;
        }
        return n;
    }

    // What log collectors and consoles put in front of the kernel's time or level: a syslog/journal prefix, an ISO
    // time, a terminal's wall clock, a /dev/kmsg record header, the dropped-messages marker, a getty prompt, a level.
    private static int SkipCollectorPrefix(ReadOnlySpan<char> s, ref bool kernel, ref string? caller)
    {
        int start;
        int priority = s.Length > 0 && s[0] == '<' ? SyslogWireHeader.PriorityEnd(s) : -1;
        if (priority > 0 && SyslogWireHeader.MessageStart(s, priority, out bool fromKernel) is > 0 and var message)
        {
            // RFC 5424: "<4>1 2026-12-06T22:00:01.123456+00:00 web01 kernel - - - [    1.234567] msg".
            kernel = fromKernel;
            return message;
        }
        if (DmesgDecode.End(s, out bool decodedKernel) is > 0 and var decoded)
        {
            // dmesg -x: "kern  :warn  : [    1.234567] …" (the time, a caller id or the message follows).
            kernel = decodedKernel;
            return decoded;
        }
        int tag = SyslogPrefix.TagEnd(s);
        if (tag < 0 && s.Length > 0 && char.IsAsciiDigit(s[0]))
        {
            tag = SyslogPrefix.GrepNumberedTagEnd(s);
        }
        else if (tag < 0 && priority > 0 && SyslogPrefix.TagEnd(s[priority..]) is > 0 and var sent)
        {
            // RFC 3164 as sent: "<4>Dec  6 22:00:01 web01 kernel: msg", the traditional line behind its priority.
            tag = priority + sent;
        }
        if (tag > 0)
        {
            start = tag;
            kernel = true;
        }
        else if (SyslogPrefix.IsoTimeEnd(s) is > 0 and var iso)
        {
            start = ContainerStreamEnd(s, iso);
            kernel = SyslogPrefix.IsDmesgIsoTime(s[..iso]);
        }
        else if (SyslogPrefix.UndatedHostTagEnd(s) is > 0 and var undated)
        {
            start = undated;
            kernel = true;
        }
        else if (SyslogPrefix.TimeOnlyHostTagEnd(s) is > 0 and var timeOnly)
        {
            start = timeOnly;
            kernel = true;
        }
        else if (SyslogPrefix.BareTagEnd(s) is > 0 and var bare)
        {
            start = bare;
            kernel = true;
        }
        else if (SyslogPrefix.TalosDmesgEnd(s, out bool talosKernel) is > 0 and var talos)
        {
            // Talos Linux's talosctl dmesg: "node: kern: warning: [2021-08-05T21:46:09.299245081Z]: msg".
            start = talos;
            kernel = talosKernel;
        }
        else
        {
            start = PrintkTime.SkipWallClock(s, 0);
        }
        int record = KmsgRecordEnd(s, start, out caller);
        if (record > 0)
        {
            start = record;
            kernel = true;
        }
        start = SkipDropped(s, start);
        // A getty prompt the kernel's output ran into ("host login: [   12.345678] ..."). Only near the start counts, so
        // only the start is searched, and not where a time or level already starts.
        if (start < s.Length && s[start] is not ('[' or '<'))
        {
            int login = s[start..Math.Min(s.Length, start + 64 + 7)].IndexOf("login: ", StringComparison.Ordinal);
            if (login >= 0 && login < 64 && s.Length > start + login + 8 && (s[start + login + 7] is '[' or '<'))
            {
                start += login + 7;
            }
        }
        return SkipLevel(s, start);
    }

    // The kubelet's container log (CRI, kubernetes/cri-api's "TIMESTAMP STREAM TAG CONTENT"): "stdout F " or "stderr P "
    // after the time, for a console a pod carries (a collector's `ipmitool sol activate`, a serial console server's
    // client). The tag is F for a whole line, P for a part the runtime split (over 16 KiB); each part is read as a line.
    private static int ContainerStreamEnd(ReadOnlySpan<char> s, int start)
    {
        ReadOnlySpan<char> rest = s[start..];
        return rest.Length >= 9 && (rest.StartsWith("stdout ", StringComparison.Ordinal) || rest.StartsWith("stderr ", StringComparison.Ordinal))
               && rest[7] is 'F' or 'P' && rest[8] == ' '
            ? start + 9
            : start;
    }

    // 2.6's printk read a "<n>" level only at a line's start: a message printed after a line left open (panic() after an
    // unfinished oops line) shows its level behind the blanks, " <0>Kernel panic - not syncing: …", whatever came before.
    private static int SkipLevelBehindBlanks(ReadOnlySpan<char> s, int start)
    {
        int blanks = start;
        while (blanks < s.Length && s[blanks] == ' ')
        {
            blanks++;
        }
        return blanks > start && SkipLevel(s, blanks) is var behind && behind > blanks ? behind : start;
    }

    // A /dev/kmsg record header right at start, or behind a collector's "date host " (with no kernel tag then).
    private static int KmsgRecordEnd(ReadOnlySpan<char> s, int start, out string? caller)
    {
        caller = null;
        if (start < s.Length && char.IsAsciiDigit(s[start]) && KmsgRecord.End(s, start, out caller) is > 0 and var end)
        {
            return end;
        }
        if (start > 0)
        {
            return -1;
        }
        int limit = Math.Min(s.Length - 1, 48);
        if (s[..Math.Min(s.Length, limit + 8)].IndexOf(',') < 0)
        {
            return -1; // a record's level (≤ 3 digits) ends at a comma: without one in reach no record starts here
        }
        for (int i = 1; i < limit; i++)
        {
            if (s[i - 1] == ' ' && char.IsAsciiDigit(s[i]) && KmsgRecord.End(s, i, out caller) is > 0 and var found)
            {
                return found;
            }
        }
        caller = null;
        return -1;
    }

    private static int SkipDropped(ReadOnlySpan<char> s, int i)
    {
        if (s.Length - i > 4 && s[i] == '*' && s[i + 1] == '*' && s[i + 2] == ' ')
        {
            int d = s[i..].IndexOf(Dropped, StringComparison.Ordinal);
            if (d > 0 && d < 16)
            {
                return i + d + Dropped.Length;
            }
        }
        return i;
    }

    private static int SkipLevel(ReadOnlySpan<char> s, int i)
    {
        // <n> syslog level, as printed with ignore_loglevel or read from /dev/kmsg dumps.
        if (s.Length - i >= 3 && s[i] == '<')
        {
            int j = i + 1;
            while (j < s.Length && j - i <= 4 && char.IsAsciiDigit(s[j]))
            {
                j++;
            }
            if (j > i + 1 && j < s.Length && s[j] == '>')
            {
                return j + 1;
            }
        }
        return i;
    }

    private static int SkipCaller(ReadOnlySpan<char> s, int i, out string? caller)
    {
        // "[  T1234]" or "[    C3]" right after the timestamp.
        caller = null;
        if (i >= s.Length || s[i] != '[')
        {
            return i;
        }
        int j = i + 1;
        while (j < s.Length && s[j] == ' ')
        {
            j++;
        }
        if (j >= s.Length || (s[j] != 'T' && s[j] != 'C'))
        {
            return i;
        }
        int idStart = j;
        j++;
        int digits = j;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            j++;
        }
        if (j == digits || j >= s.Length || s[j] != ']')
        {
            return i;
        }
        caller = NameCache.Tokens.Get(s[idStart..j]); // a console repeats its few caller ids on every line
        return j + 1;
    }
}
