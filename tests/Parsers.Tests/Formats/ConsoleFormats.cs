using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SolWatch.Parsers.Tests.Formats;

/// <summary>
/// The same console as other real tools carry it: each transform rewrites a console's lines into the form one tool
/// prints (written from that tool's source or man page), keeping the kernel's lines, their order and their text.
/// A line is taken as the kernel printed it: an optional printk time (<c>[%5lu.%06lu]</c>), an optional caller id
/// (<c>[%6s]</c>), then the message. A console whose kernel printed no time at all (CONFIG_PRINTK_TIME=n) has every
/// line as the kernel's; on one that printed times, a line without one is someone else's (user space, a boot loader).
/// The clock a tool shows is 2026-12-06 22:00:01 UTC at printk time 0, moving on with the printk times (and not going
/// back when a capture kernel's clock starts again at 0).
/// </summary>
internal static partial class ConsoleFormats
{
    private const string Host = "node-07";
    private static readonly DateTime Boot = new(2026, 12, 6, 22, 0, 1, DateTimeKind.Utc);

    /// <summary>Every transform, by name (the name is the one the tests print).</summary>
    public static IReadOnlyDictionary<string, Func<string, byte[]>> All { get; } = new Dictionary<string, Func<string, byte[]>>(StringComparer.Ordinal)
    {
        ["no-printk-time"] = WithoutPrintkTimes,
        ["rsyslog"] = Rsyslog,
        ["journal-short"] = JournalShort,
        ["journal-short-iso"] = JournalShortIso,
        ["journal-short-monotonic"] = JournalShortMonotonic,
        ["dmesg-ctime"] = DmesgCtime,
        ["dmesg-iso"] = DmesgIso,
        ["dmesg-decode"] = DmesgDecode,
        ["dmesg-raw"] = DmesgRaw,
        ["dev-kmsg"] = DevKmsg,
        ["caller-task"] = PrintkCallerTask,
        ["caller-cpu"] = PrintkCallerCpu,
        ["crlf"] = Crlf,
        ["telnet-serial"] = TelnetSerial,
        ["conserver-marks"] = ConserverLog,
        ["tio-timestamps"] = TioTimestamps,
        ["openwrt-logread"] = OpenWrtLogread,
        ["zvm-80-columns"] = ZvmConsole,
        ["dmesg-reltime"] = DmesgReltime,
        ["dmesg-reltime-de"] = DmesgReltimeGerman,
        ["rsyslog-undated"] = RsyslogUndated,
        ["grep-n-syslog"] = GrepNumberedSyslog,
        ["lava-json"] = LavaJson,
        ["xen-crashdump-dom0"] = XenCrashdumpDom0,
        ["syslog-rfc5424"] = SyslogRfc5424,
        ["journal-json"] = JournalJson,
        ["docker-json"] = DockerJson,
        ["kubelet-cri"] = KubeletCri,
        ["dmesg-json"] = DmesgJson,
        ["fluent-bit-kmsg"] = FluentBitKmsg,
    };

    /// <summary>xen-crashdump-analyser's dom0.log (src/util/print-structures.cpp print_console_ring_3x): each record of
    /// dom0's printk ring as <c>"[%7lu.%.6lu] %s: "</c>, the level by log_level_str's six-column names (<c>"  WARN"</c>,
    /// <c>" EMERG"</c>), then the record's text; it prints no caller id. A console without printk times gets the
    /// record's time all the same.</summary>
    public static byte[] XenCrashdumpDom0(string console) =>
        Records(console, (l, c) =>
        {
            if (!c.IsKernels(l))
            {
                return l.Original;
            }
            long micros = l.Time?.Micros ?? c.LineNumber * 1000L;
            string level = LevelNumber(l) == 0 ? " EMERG" : "  WARN";
            return $"[{(micros / 1_000_000).ToString(CultureInfo.InvariantCulture),7}.{micros % 1_000_000:D6}] {level}: {l.Message}";
        });

    /// <summary>util-linux dmesg -e / --reltime (sys-utils/dmesg.c print_record, DMESG_TIMEFTM_RELTIME): <c>"[%s] "</c> of
    /// short_ctime (<c>%b%e %H:%M</c>) on the first record of each minute, else the time since the previous record,
    /// <c>"[  %+8.06f] "</c> (under 10 s) or <c>"[ %+9.06f] "</c>.</summary>
    public static byte[] DmesgReltime(string console) => DmesgReltime(console, German: false);

    /// <summary>The same dmesg -e under a German locale (setlocale(LC_ALL, "")): short_ctime's translated format
    /// (po/de.po: <c>"%e. %b %H:%M"</c>, glibc de_DE's month abbreviations) and the delta's <c>%f</c> with a decimal comma:
    /// <c>[ 6. Dez 22:00] </c>, <c>[  +0,000008] </c>.</summary>
    public static byte[] DmesgReltimeGerman(string console) => DmesgReltime(console, German: true);

    private static readonly string[] GermanMonths = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"];

    private static byte[] DmesgReltime(string console, bool German)
    {
        long previous = -1;
        DateTime lastMinute = default;
        return Records(console, (l, c) =>
        {
            if (l.Time is null)
            {
                return l.Original;
            }
            DateTime wall = c.Wall(l);
            var minute = new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute, 0, DateTimeKind.Utc);
            string stamp;
            if (previous < 0 || minute != lastMinute)
            {
                stamp = German
                    ? wall.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + ". " + GermanMonths[wall.Month - 1] + wall.ToString(" HH:mm", CultureInfo.InvariantCulture)
                    : wall.ToString("MMM", CultureInfo.InvariantCulture) + wall.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
                        + wall.ToString(" HH:mm", CultureInfo.InvariantCulture);
            }
            else
            {
                double delta = Math.Max(0, l.Time.Value.Micros - previous) / 1e6;
                string number = delta.ToString("0.000000", CultureInfo.InvariantCulture);
                if (German)
                {
                    number = number.Replace('.', ',');
                }
                stamp = delta < 10 ? "  +" + number : " +" + number.PadLeft(9);
            }
            previous = l.Time.Value.Micros;
            lastMinute = minute;
            return $"[{stamp}] {l.DmesgCaller}{l.Message}";
        });
    }

    /// <summary>rsyslog with the template <c>"%HOSTNAME% %syslogtag%%msg%\n"</c> (no date), or a /var/log/messages line
    /// whose date columns were cut off (<c>cut -d' ' -f4-</c>): <c>host kernel: [    1.234567] msg</c>.</summary>
    public static byte[] RsyslogUndated(string console) =>
        Records(console, (l, c) => $"{Host} {Tag(l, c)}{l.KernelText}");

    /// <summary>GNU grep -n over an rsyslog file (grep's <c>NUM:</c> before each matching line, src/grep.c
    /// print_line_head): <c>1262024:Dec  6 22:00:01 host kernel: [    1.234567] msg</c>.</summary>
    public static byte[] GrepNumberedSyslog(string console)
    {
        string syslog = Encoding.UTF8.GetString(Rsyslog(console));
        return Write(syslog, (l, c) => $"{c.LineNumber + 1}:{l.Original}");
    }

    /// <summary>A LAVA job log (lava_common/log.py: one YAML list item a line, a JSON object with the time, the level
    /// <c>target</c> for the device's console, and the line as a JSON string): <c>- {"dt": "…", "lvl": "target", "msg": "[    1.234567] msg"}</c>.
    /// The message's quotes and backslashes are escaped, as a JSON string's are.</summary>
    public static byte[] LavaJson(string console) =>
        Write(console, (l, c) =>
            $"- {{\"dt\": \"{c.Wall(l).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}\", \"lvl\": \"target\", \"msg\": \"{JsonEscape(l.Original)}\"}}");

    private static string JsonEscape(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    /// <summary>rsyslog's RSYSLOG_SyslogProtocol23Format (<c>&lt;%PRI%&gt;1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME%
    /// %PROCID% %MSGID% %STRUCTURED-DATA% %msg%</c>, RFC 5424), as a central log server files what its hosts send: the
    /// kernel's lines facility kern (0) at their level with APP-NAME <c>kernel</c> and the nil PROCID, MSGID and
    /// structured data, the printk time kept in the message as imklog reads it; others' lines daemon.info (30) from
    /// systemd, PROCID 1.</summary>
    public static byte[] SyslogRfc5424(string console) =>
        Records(console, (l, c) => c.IsKernels(l) || c.IsContinuation(l)
            ? $"<{LevelNumber(l)}>1 {Rfc3339(c.Wall(l))} {Host} kernel - - - {l.KernelText}"
            : $"<30>1 {Rfc3339(c.Wall(l))} {Host} systemd 1 - - {l.KernelText}");

    /// <summary>journalctl -o json (systemd src/shared/logs-show.c output_json): one object a record, the cursor and the
    /// entry's times first, then its fields as journald stored them (journald-kmsg.c dev_kmsg_record: the record's time
    /// as <c>_SOURCE_MONOTONIC_TIMESTAMP</c>, <c>PRIORITY</c>, <c>SYSLOG_FACILITY</c>, <c>SYSLOG_IDENTIFIER=kernel</c>,
    /// <c>MESSAGE</c> without the printk time or caller id, <c>_TRANSPORT=kernel</c>); others' lines are systemd's
    /// (<c>_TRANSPORT=stdout</c>). A line without a printk time gets no source time (the console gave none). A record of
    /// several lines (the untimed, indented lines after a timed one) is one MESSAGE holding them with <c>\n</c>, which
    /// the reader takes as one line: a console that has such records is not applicable (left as it is).</summary>
    public static byte[] JournalJson(string console)
    {
        bool joinedRecords = false;
        byte[] json = Records(console, (l, c) =>
        {
            joinedRecords |= c.IsContinuation(l);
            long realtime = (c.Wall(l) - DateTime.UnixEpoch).Ticks / 10;
            string head = $"{{\"__CURSOR\":\"s=5e1f;i={c.Sequence++:x}\",\"__REALTIME_TIMESTAMP\":\"{realtime}\",\"_BOOT_ID\":\"3b1c0b4e5a3c4d0f8e2a9d6c7b5a4f3e\",";
            return c.IsKernels(l)
                ? head + (l.Time is { } t ? $"\"_SOURCE_MONOTONIC_TIMESTAMP\":\"{t.Micros}\"," : "")
                  + $"\"PRIORITY\":\"{LevelNumber(l)}\",\"SYSLOG_FACILITY\":\"0\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":{Json(l.Message)},\"_TRANSPORT\":\"kernel\",\"_HOSTNAME\":\"{Host}\"}}"
                : head + $"\"PRIORITY\":\"6\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"_PID\":\"1\",\"MESSAGE\":{Json(l.Original)},\"_TRANSPORT\":\"stdout\",\"_HOSTNAME\":\"{Host}\"}}";
        });
        return joinedRecords ? Encoding.UTF8.GetBytes(console) : json;
    }

    /// <summary>Docker's json-file log driver (moby daemon/logger/jsonfilelog, jsonlog.JSONLogs): a container that prints the
    /// console (a collector running <c>ipmitool sol activate</c>), each line <c>{"log":"…\n","stream":"stdout","time":"…"}</c>,
    /// the line's terminator kept in the string, Go's RFC 3339 time with nanoseconds.</summary>
    public static byte[] DockerJson(string console) =>
        Write(console, (l, c) => $"{{\"log\":{Json(l.Original + "\n")},\"stream\":\"stdout\",\"time\":\"{Rfc3339Nano(c.Wall(l))}\"}}");

    /// <summary>The kubelet's container log (CRI, kubernetes/cri-api pkg/apis/runtime/v1 LogTag: <c>TIMESTAMP STREAM TAG
    /// CONTENT</c>, Go's RFC3339Nano time, tag F for a whole line): the same container in a pod.</summary>
    public static byte[] KubeletCri(string console) =>
        Write(console, (l, c) => $"{Rfc3339Nano(c.Wall(l))} stdout F {l.Original}");

    /// <summary>util-linux dmesg --json (sys-utils/dmesg.c print_record with lib/jsonwrt.c): one pretty-printed document,
    /// <c>{</c>, <c>"dmesg": [</c>, then each record an object over several lines (<c>"pri": N,</c>, <c>"time": </c> and the
    /// seconds as <c>%5ld.%06ld</c>, 2.40's <c>"caller": "T1",</c>, <c>"msg": "…"</c>), objects joined by <c>},{</c>. Only the
    /// ring buffer's records are in it; the console's other lines are kept between them as they are, as the dev-kmsg and
    /// journal transforms keep them, so what user space printed still reads. /dev/kmsg gives every record a time,
    /// printk.time=0 or not. A console with records of several lines is not applicable (their further lines would be one msg's).</summary>
    public static byte[] DmesgJson(string console)
    {
        var json = new StringBuilder("{\n   \"dmesg\": [\n", console.Length * 2);
        bool first = true, severalLines = false;
        _ = Records(console, (l, c) =>
        {
            severalLines |= c.IsContinuation(l);
            if (c.IsKernels(l))
            {
                long micros = l.Time?.Micros ?? c.LineNumber * 1000L;
                json.Append(first ? "      {\n" : "      },{\n").Append(CultureInfo.InvariantCulture, $"         \"pri\": {LevelNumber(l)},\n")
                    .Append(CultureInfo.InvariantCulture, $"         \"time\": {micros / 1_000_000,5}.{micros % 1_000_000:D6},\n");
                if (l.Caller is not null)
                {
                    json.Append(CultureInfo.InvariantCulture, $"         \"caller\": \"{l.Caller}\",\n");
                }
                json.Append("         \"msg\": ").Append(Json(l.Message)).Append('\n');
                first = false;
            }
            else
            {
                json.Append(l.Original).Append('\n');
            }
            return "";
        });
        json.Append(first ? "" : "      }\n").Append("   ]\n}\n");
        return Encoding.UTF8.GetBytes(severalLines ? console : json.ToString());
    }

    /// <summary>Fluent Bit's kmsg input (plugins/in_kmsg/in_kmsg.c process_line: <c>priority</c>, <c>sequence</c>, the
    /// /dev/kmsg time as <c>sec</c> and <c>usec</c>, the text as <c>msg</c>) written by its file output in the default format
    /// (plugins/out_file/file.c: <c>"%s: [%f, %s]\n"</c>, tag, time, the record as JSON). The console's other lines are kept
    /// as they are (see dmesg-json); a console with records of several lines is not applicable (/dev/kmsg escapes a record's newline as <c>\x0a</c>).</summary>
    public static byte[] FluentBitKmsg(string console)
    {
        var lines = new StringBuilder(console.Length * 2);
        bool severalLines = false;
        _ = Records(console, (l, c) =>
        {
            severalLines |= c.IsContinuation(l);
            if (c.IsKernels(l))
            {
                long micros = l.Time?.Micros ?? c.LineNumber * 1000L;
                double wall = (c.Wall(l) - DateTime.UnixEpoch).TotalSeconds;
                lines.Append(CultureInfo.InvariantCulture, $"kernel: [{wall:F6}, {{\"priority\":{LevelNumber(l)},\"sequence\":{c.Sequence++},")
                    .Append(CultureInfo.InvariantCulture, $"\"sec\":{micros / 1_000_000},\"usec\":{micros % 1_000_000},\"msg\":{Json(l.Message)}}}]\n");
            }
            else
            {
                lines.Append(l.Original).Append('\n');
            }
            return "";
        });
        return Encoding.UTF8.GetBytes(severalLines ? console : lines.ToString());
    }

    // A JSON string as journald (src/shared/json.c) and Go's encoder write one: quotes, backslashes and control characters
    // escaped, the rest as it is (the default encoder's \u0027 for a quote mark would be neither's).
    private static string Json(string s) => JsonSerializer.Serialize(s, RelaxedJson);

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Rfc3339(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    // Go's time.RFC3339Nano: the fraction without its trailing zeros (none at all on a whole second).
    private static string Rfc3339Nano(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>CONFIG_PRINTK_TIME=n (or printk.time=0): kernel/printk/printk.c info_print_prefix prints no
    /// <c>[%5lu.%06lu]</c>, so the line starts with the caller id or the message.</summary>
    public static byte[] WithoutPrintkTimes(string console) =>
        Write(console, (l, c) => l.Time is null ? l.Original : l.Lead + l.CallerPrefix + l.Message);

    /// <summary>rsyslog's RSYSLOG_TraditionalFileFormat (<c>%TIMESTAMP% %HOSTNAME% %syslogtag%%msg%</c>, RFC 3164 time
    /// <c>Mmm dd hh:mm:ss</c> with the day padded by a space), fed by imklog from /proc/kmsg: the kernel's text keeps
    /// its printk time (Ubuntu's /var/log/kern.log before journald forwarding). Others' lines get their program's tag.</summary>
    public static byte[] Rsyslog(string console) =>
        Records(console, (l, c) => $"{Rfc3164(c.Wall(l))} {Host} {Tag(l, c)}{l.KernelText}");

    /// <summary>journalctl -k -o short (systemd src/shared/logs-show.c output_timestamp_realtime, <c>%b %d %H:%M:%S</c>,
    /// the day padded by a zero): the message alone, journald having taken the printk time off /dev/kmsg's record.</summary>
    public static byte[] JournalShort(string console) =>
        Records(console, (l, c) => Journal($"{c.Wall(l).ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture)} {Host} {Tag(l, c)}", l, c));

    /// <summary>journalctl -o short-iso (<c>%Y-%m-%dT%H:%M:%S%z</c>).</summary>
    public static byte[] JournalShortIso(string console) =>
        Records(console, (l, c) => Journal($"{c.Wall(l).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}+0000 {Host} {Tag(l, c)}", l, c));

    /// <summary>journalctl -o short-monotonic (<c>[%5llu.%06llu]</c>, the monotonic time, then host and tag). A console
    /// without printk times has none to show: not applicable (the transform leaves it as it is).</summary>
    public static byte[] JournalShortMonotonic(string console) =>
        Records(console, (l, c) => c.Timed ? Journal($"[{c.Monotonic(l)}] {Host} {Tag(l, c)}", l, c) : l.Original);

    // journalctl prints a message of several lines (a kernel record holding '\n': the untimed, indented lines an older
    // kernel's console shows after a timed one) with each further line indented to the message's column
    // (logs-show.c print_multiline).
    private static string Journal(string prefix, Line l, Context c) =>
        c.IsContinuation(l) ? new string(' ', prefix.Length) + l.Original : prefix + l.Message;

    /// <summary>util-linux dmesg -T / --ctime (sys-utils/dmesg.c, <c>"[%s] "</c> of <c>%a %b %e %H:%M:%S %Y</c>) in place
    /// of the printk time, then the record's caller id (<c>"[%*s] "</c>). dmesg shows the kernel's records only: others'
    /// lines are left as they are.</summary>
    public static byte[] DmesgCtime(string console) =>
        Records(console, (l, c) => l.Time is null ? l.Original : $"[{Ctime(c.Wall(l))}] {l.DmesgCaller}{l.Message}");

    /// <summary>util-linux dmesg --time-format=iso (<c>%04d-%02d-%02dT%02d:%02d:%02d,%06ld%+03d:%02d </c>).</summary>
    public static byte[] DmesgIso(string console) =>
        Records(console, (l, c) => l.Time is null
            ? l.Original
            : $"{c.Wall(l).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)},{l.Time.Value.Micros % 1_000_000:D6}+00:00 {l.DmesgCaller}{l.Message}");

    /// <summary>util-linux dmesg -x / --decode (<c>"%-6s:%-6s: "</c> of facility and level names before the time):
    /// <c>kern  :warn  : [    1.234567] msg</c>. The level is not in the console: the kernel's WARN/oops lines are mostly
    /// KERN_WARNING or KERN_EMERG; one name for all keeps the form.</summary>
    public static byte[] DmesgDecode(string console) =>
        Records(console, (l, c) => c.IsKernels(l) ? $"kern  :{Level(l),-6}: {l.TimePrefix}{(l.Time is null ? "" : " ")}{l.DmesgCaller}{l.Message}" : l.Original);

    /// <summary>util-linux dmesg -r / --raw (<c>"&lt;%d&gt;[%5ld.%06ld] "</c>, facility and level in one number; kern is
    /// facility 0).</summary>
    public static byte[] DmesgRaw(string console) =>
        Records(console, (l, c) => c.IsKernels(l) ? $"<{LevelNumber(l)}>{l.KernelText}" : l.Original);

    /// <summary>A read of /dev/kmsg (Documentation/ABI/testing/dev-kmsg: <c>level,seqnum,timestamp_us,flags[,caller=…];message</c>),
    /// as `cat /dev/kmsg` and extended netconsole print it. The record always has a time: a console without printk times
    /// gets one from its line number. Others' lines are left as they are.</summary>
    public static byte[] DevKmsg(string console) =>
        Records(console, (l, c) => c.IsKernels(l)
            ? $"{LevelNumber(l)},{c.Sequence++},{(l.Time?.Micros ?? c.LineNumber * 1000L)},-{(l.Caller is null ? "" : ",caller=" + l.Caller)};{l.Message}"
            : l.Original);

    /// <summary>CONFIG_PRINTK_CALLER (kernel/printk/printk.c print_caller: <c>"[%6s]"</c> of <c>T%u</c>, the task's pid)
    /// right after the time; with printk.time=0 the caller id alone. A console that has caller ids keeps its own.</summary>
    public static byte[] PrintkCallerTask(string console) => WithCaller(console, "T1");

    /// <summary>The same for a message printed in interrupt context (<c>C%u</c>, the CPU).</summary>
    public static byte[] PrintkCallerCpu(string console) => WithCaller(console, "C1");

    /// <summary>CRLF line ends: the serial console driver's (drivers/tty/serial/serial_core.c uart_console_write puts
    /// '\r' before each '\n'), as any capture of a serial port keeps them.</summary>
    public static byte[] Crlf(string console) => Write(console, (l, c) => l.Original, "\r\n");

    /// <summary>A serial console read through a telnet console server (ser2net's or a terminal server's telnet port):
    /// the tty's ONLCR makes the kernel's "\r\n" "\r\r\n", and telnet (RFC 854, NVT) sends a bare CR as CR NUL, so every
    /// line ends "\r\0\r\n".</summary>
    public static byte[] TelnetSerial(string console) => Write(console, (l, c) => l.Original, "\r\0\r\n");

    /// <summary>A conserver console log (conserver/consent.c Mark: <c>"[-- MARK -- %s]\r\n"</c> of ctime, written between
    /// the console's lines every mark interval), with ipmitool's SOL banner (lanplus ipmi_sol.c
    /// <c>"[SOL Session operational.  Use %c? for help]\n"</c>) first, as a conserver console of type exec running
    /// `ipmitool sol activate` logs it. A mark every 20 lines (the console's clock is not known).</summary>
    public static byte[] ConserverLog(string console) =>
        Write(console, (l, c) =>
            (c.LineNumber == 0 ? "[SOL Session operational.  Use ~? for help]\r\n" : "")
            + (c.LineNumber > 0 && c.LineNumber % 20 == 0 ? $"[-- MARK -- {Ctime(c.Wall(l))}]\r\n" : "")
            + l.Original, "\r\n");

    /// <summary>tio -t / --timestamp (tio's default 24hour format, <c>[%H:%M:%S.%03ld] </c>, at the start of every line
    /// it receives).</summary>
    public static byte[] TioTimestamps(string console) =>
        Write(console, (l, c) => $"[{c.Wall(l).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)}] {l.Original}");

    /// <summary>OpenWrt's logread (ubox log/logread.c: <c>"%s %s.%s%s %s"</c> of ctime, facility.level, then the
    /// message, <c>kernel: </c> being the tag syslog gives klogd's lines): <c>Sun Dec  6 22:00:01 2026 kern.warn kernel: [ 1.2] msg</c>.</summary>
    public static byte[] OpenWrtLogread(string console) =>
        Records(console, (l, c) => c.IsKernels(l)
            ? $"{Ctime(c.Wall(l))} kern.{Level(l)} kernel: {l.KernelText}"
            : $"{Ctime(c.Wall(l))} daemon.info init: {l.Original}");

    /// <summary>A Linux guest's console under z/VM (CP's 3215 line mode): <c>"00: "</c>, the virtual CPU's address,
    /// before every line, and a line longer than the 80 columns going on in the next with the same address. The
    /// framer joins the pieces of a timed line (LineFramer.ZvmWrap); CP wraps every line, so a console without
    /// printk times is not applicable.</summary>
    public static byte[] ZvmConsole(string console) =>
        Write(console, (l, c) => c.Timed ? Zvm(l.Original) : l.Original);

    private static string Zvm(string line)
    {
        const int Width = 80 - 4;
        if (line.Length <= Width)
        {
            return "00: " + line;
        }
        var sb = new StringBuilder();
        for (int i = 0; i < line.Length; i += Width)
        {
            if (i > 0)
            {
                sb.Append("\r\n");
            }
            sb.Append("00: ").Append(line.AsSpan(i, Math.Min(Width, line.Length - i)));
        }
        return sb.ToString();
    }

    private static byte[] WithCaller(string console, string id) =>
        Write(console, (l, c) => !c.IsKernels(l) || c.HasCallers
            ? l.Original
            : $"{l.Lead}{l.TimePrefix}[{id,6}] {l.Message}");

    // The syslog tag: the kernel's lines are klogd's/journald's "kernel: "; a user-space line in a console that has
    // printk times came from a program the console does not name: systemd's (the one writing most of them to a console).
    private static string Tag(Line l, Context c) => c.IsKernels(l) || c.IsContinuation(l) ? "kernel: " : "systemd[1]: ";

    // printk levels are not in the console; the words of a crash say which the kernel used.
    private static string Level(Line l) => l.Message.StartsWith("Kernel panic", StringComparison.Ordinal) ? "emerg" : "warn";

    private static int LevelNumber(Line l) => Level(l) == "emerg" ? 0 : 4;

    private static string Rfc3164(DateTime t) =>
        t.ToString("MMM ", CultureInfo.InvariantCulture) + t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + t.ToString(" HH:mm:ss", CultureInfo.InvariantCulture);

    // ctime's "%a %b %e %H:%M:%S %Y".
    private static string Ctime(DateTime t) =>
        t.ToString("ddd MMM ", CultureInfo.InvariantCulture) + t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + t.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    /// <summary>Whether a transform changes <paramref name="console"/> at all (one that leaves it as it is does not apply).</summary>
    public static bool Changes(string console, byte[] transformed) => !Encoding.UTF8.GetBytes(console).AsSpan().SequenceEqual(transformed);

    /// <summary>Whether <paramref name="console"/> is already in a collector's form (syslog, journal, dmesg -T, LAVA, /dev/kmsg,
    /// a terminal's clock, …): a second collector's prefix before the first is no form a real tool prints, so only the
    /// transforms that keep the line's start (<see cref="KeepsLineStart"/>) apply to it.</summary>
    public static bool IsCarried(string console)
    {
        int carried = 0, lines = 0;
        foreach (string raw in console.Split('\n'))
        {
            if (raw.Length == 0)
            {
                continue;
            }
            lines++;
            if (CarrierPrefix().IsMatch(raw) || CarriedKernelLine().IsMatch(raw))
            {
                carried++;
            }
        }
        return carried >= 2 && carried * 20 >= lines;
    }

    /// <summary>Transforms that add nothing before a line, so apply to a console already in a collector's form.</summary>
    public static bool KeepsLineStart(string transform) => transform is "crlf" or "telnet-serial" or "conserver-marks";

    // Dated syslog/journal lines, ISO times, dmesg -T, /dev/kmsg records, <n> levels, LAVA's records, bracketed wall clocks,
    // rsyslog's undated "host kernel: " or the tag alone ("kernel: ", a syslog line cut down to its tag), z/VM's CPU address,
    // xen-crashdump-analyser's level name after the time, talosctl dmesg's "node: kern: warning: [RFC 3339 time]: ".
    [GeneratedRegex(@"^(?:\[ *\d+\.\d{6}\] (?: EMERG| ALERT|  CRIT|   ERR|  WARN|NOTICE|  INFO| DEBUG): |(?:\S+: )?[a-z][a-z0-9]*: +(?:emerg|alert|crit|err|warning|notice|info|debug): \[\d{4}-\d\d-\d\dT|[A-Z][a-z]{2} [ 0-9][0-9] \d\d:\d\d:\d\d |[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\d |\d{4}-\d\d-\d\d[T ]\d\d:|\[[A-Z][a-z]{2} [A-Z][a-z]{2} |\[\d{2,4}[:/-]|\d+,\d+,\d+,|<\d+>|- \{""dt""|\S+ kernel: |kernel: |[0-9A-F]{2}: |\d+[:-][A-Z][a-z]{2} )")]
    private static partial Regex CarrierPrefix();

    // Something before a printk time or a kernel tag: a collector's clock or host (a localized date, a CI's "16:56:35 ",
    // a console logger's "2024/07/23 18:01:21 [LPAR]: "), or a mail's indentation.
    [GeneratedRegex(@"^(?:.{1,80}?(?: kernel: |\S \[ *\d+\.\d{6}\])|\s+\[ *\d+\.\d+\])", RegexOptions.IgnoreCase)]
    private static partial Regex CarriedKernelLine();

    // printk's "[%5lu.%06lu]" (older kernels: other widths; a paste may have lost the fraction, "[  240.]"), then CONFIG_PRINTK_CALLER's "[%6s]", then the separating space.
    [GeneratedRegex(@"^\[ *(\d+)\.(\d{0,9})\](\[ *([TC]\d+)\])? ?")]
    private static partial Regex KernelPrefix();

    // "syzkaller login: [   16.305150] …", "/init: 384: .: [  271.403835] …": printk's six fraction digits behind what user
    // space printed on the line before the kernel's message (a prompt, a shell's error without its newline).
    [GeneratedRegex(@"^(.{1,64}?)\[ *\d+\.\d{6}\]")]
    private static partial Regex EmbeddedTime();

    [GeneratedRegex(@"^\[ *([TC]\d+)\] ")]
    private static partial Regex BareCaller();

    // The kernel's records alone, as a tool reading /dev/kmsg or the journal has them: what the console printed before a
    // record on the same line (a getty prompt the oops interrupted, "host login: [ 16.3] INFO: …") is a line of its own.
    private static byte[] Records(string console, Func<Line, Context, string> form) => Write(console, form, "\n", splitLead: true);

    private static byte[] Write(string console, Func<Line, Context, string> form, string newline = "\n", bool splitLead = false)
    {
        string[] lines = console.Split('\n');
        bool endsInNewline = console.EndsWith('\n');
        int count = endsInNewline ? lines.Length - 1 : lines.Length;
        var parsed = new Line[count];
        for (int i = 0; i < count; i++)
        {
            parsed[i] = Line.Parse(lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i]);
        }
        var context = new Context(parsed.Any(l => l.Time is not null), parsed.Any(l => l.Caller is not null));
        var sb = new StringBuilder(console.Length * 2);
        for (int i = 0; i < count; i++)
        {
            context.LineNumber = i;
            context.Advance(parsed[i]);
            if (splitLead && parsed[i].Lead.Length > 0)
            {
                Line line = parsed[i];
                sb.Append(form(new Line(line.Lead, "", null, null, line.Lead), context)).Append(newline);
                sb.Append(form(line with { Original = line.Original[line.Lead.Length..], Lead = "" }, context));
            }
            else
            {
                sb.Append(form(parsed[i], context));
            }
            context.Finish(parsed[i]);
            if (i < count - 1 || endsInNewline)
            {
                sb.Append(newline);
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private readonly record struct PrintkTime(string Text, long Micros);

    private sealed record Line(string Original, string Lead, PrintkTime? Time, string? Caller, string Message)
    {
        /// <summary>"[    1.234567] " as the kernel printed it, or nothing.</summary>
        public string TimePrefix => Time is { } t ? t.Text : "";

        /// <summary>"[  T123] " as the kernel printed it, or nothing.</summary>
        public string CallerPrefix => Caller is null ? "" : $"[{Caller,6}] ";

        /// <summary>util-linux dmesg's caller id (sys-utils/dmesg.c print_record: <c>"[%*s] "</c>, after its time and
        /// space; the width is pid_max's digits and one), or nothing.</summary>
        public string DmesgCaller => Caller is null ? "" : $"[{Caller,8}] ";

        /// <summary>The line as the kernel printed it (time, caller id, message), without what a carrier put around it.</summary>
        public string KernelText => Time is { } t
            ? Caller is null ? $"{t.Text} {Message}" : $"{t.Text}[{Caller,6}] {Message}"
            : CallerPrefix + Message;

        public static Line Parse(string raw)
        {
            // A printk time behind what the console printed first on the line (a getty prompt): the kernel's line starts there.
            Match lead = EmbeddedTime().Match(raw);
            if (!KernelPrefix().IsMatch(raw) && lead.Success)
            {
                Line kernel = Parse(raw[lead.Groups[1].Length..]);
                return kernel with { Original = raw, Lead = lead.Groups[1].Value };
            }
            Match m = KernelPrefix().Match(raw);
            if (m.Success)
            {
                string seconds = m.Groups[1].Value, fraction = m.Groups[2].Value;
                long micros = long.Parse(seconds, CultureInfo.InvariantCulture) * 1_000_000
                              + long.Parse(fraction.PadRight(6, '0')[..6], CultureInfo.InvariantCulture);
                string timeText = raw[..(raw.IndexOf(']') + 1)];
                string? caller = m.Groups[4].Success ? m.Groups[4].Value : null;
                return new Line(raw, "", new PrintkTime(timeText, micros), caller, raw[m.Length..]);
            }
            Match b = BareCaller().Match(raw);
            return b.Success ? new Line(raw, "", null, b.Groups[1].Value, raw[b.Length..]) : new Line(raw, "", null, null, raw);
        }
    }

    private sealed class Context(bool timed, bool hasCallers)
    {
        private long _last;
        private long _offset;

        /// <summary>The kernel printed times: a line without one is not the kernel's.</summary>
        public bool Timed { get; } = timed;

        public bool HasCallers { get; } = hasCallers;

        public int LineNumber { get; set; }

        public long Sequence { get; set; } = 1000;

        private bool _previousKernels;

        public bool IsKernels(Line l) => !Timed || l.Time is not null;

        /// <summary>An untimed, indented line right after the kernel's: a further line of the same record.</summary>
        public bool IsContinuation(Line l) =>
            Timed && _previousKernels && l.Time is null && l.Lead.Length == 0 && l.Original.Length > 0 && l.Original[0] is ' ' or '\t';

        public void Finish(Line l) => _previousKernels = IsKernels(l) || IsContinuation(l);

        // The clock: printk time plus what it had reached before it last went back (a new boot on the same console).
        public void Advance(Line l)
        {
            if (l.Time is { } t)
            {
                if (t.Micros < _last - _offset)
                {
                    _offset = _last;
                }
                _last = _offset + t.Micros;
            }
        }

        public DateTime Wall(Line l) => Boot.AddTicks(_last * 10);

        public string Monotonic(Line l)
        {
            long us = l.Time?.Micros ?? (_last - _offset);
            return $"{us / 1_000_000,5}.{us % 1_000_000:D6}";
        }
    }
}
