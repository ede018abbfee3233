using System.Globalization;
using System.Text;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Lines;

/// <summary>
/// A log line that is one JSON object: <c>journalctl -o json</c> (systemd src/shared/logs-show.c output_json: one object
/// a line, the message in <c>MESSAGE</c>, a kernel record marked <c>"_TRANSPORT":"kernel"</c>, its printk time in
/// <c>_SOURCE_MONOTONIC_TIMESTAMP</c> in microseconds) or Docker's json-file driver
/// (<c>{"log":"…\n","stream":"stdout","time":"…"}</c>, the line a container printed, terminator and all) or Fluent Bit's
/// kmsg input (plugins/in_kmsg/in_kmsg.c process_line: <c>"priority"</c>, <c>"sequence"</c>, the record's /dev/kmsg time
/// as <c>"sec"</c> and <c>"usec"</c>, and <c>"msg"</c>, the text after the record's <c>;</c>).
/// </summary>
/// <remarks>
/// A small reader of its own over the line's characters rather than System.Text.Json's: it is called on whatever a
/// console prints that starts with <c>{</c>, and a malformed object must cost a comparison, not an exception (the
/// library's reader throws on bad input; a hostile console could print a million such lines). String values are
/// unescaped with <see cref="JsonString"/>. journald writes a field whose value is not printable UTF-8 (a kernel message
/// holding an escape character) as an array of byte values; that is decoded as UTF-8.
/// </remarks>
internal static class JsonLogRecord
{
    /// <summary>What a record says: its message, whether it is the kernel's (journald's kernel transport, or any Fluent Bit
    /// kmsg record), and the kernel's printk time of it (-1 when not given). <paramref name="Journal"/>: the record is a
    /// log daemon's, its message one record's text (else Docker's, the message a console line).</summary>
    public readonly record struct Fields(string Message, bool Kernel, long SourceMicroseconds, bool Journal);

    /// <summary>Reads <paramref name="s"/> as one such record; false when it is not one (not one object, or no message).</summary>
    public static bool TryRead(ReadOnlySpan<char> s, out Fields fields)
    {
        fields = default;
        s = s.TrimEnd(" \t\r");
        if (s.Length < 8 || s[0] != '{' || s[^1] != '}')
        {
            return false;
        }
        string? message = null;
        bool journal = false;
        bool kernel = false;
        long micros = -1;
        // Fluent Bit's kmsg record: its message and its time, in seconds and microseconds.
        string? kmsgText = null;
        long kmsgSeconds = -1;
        long kmsgMicros = -1;
        int i = FastScan.SkipBlanks(s, 1);
        while (i < s.Length - 1)
        {
            int keyEnd = s[i] == '"' ? StringEnd(s, i) : -1;
            if (keyEnd < 0)
            {
                return false;
            }
            ReadOnlySpan<char> key = s[(i + 1)..keyEnd];
            i = FastScan.SkipBlanks(s, keyEnd + 1);
            if (i >= s.Length || s[i] != ':')
            {
                return false;
            }
            int valueStart = FastScan.SkipBlanks(s, i + 1);
            int valueEnd = ValueEnd(s, valueStart);
            if (valueEnd < 0)
            {
                return false;
            }
            ReadOnlySpan<char> value = s[valueStart..valueEnd];
            switch (key)
            {
                case "MESSAGE":
                    message = value[0] == '"' ? JsonString.Unescape(value[1..^1]) : value[0] == '[' ? Bytes(value) : null;
                    journal = true;
                    break;
                case "log" when value[0] == '"':
                    message = JsonString.Unescape(value[1..^1]);
                    break;
                case "_TRANSPORT":
                    kernel = value.SequenceEqual("\"kernel\"");
                    break;
                case "_SOURCE_MONOTONIC_TIMESTAMP" when value.Length > 2 && value[0] == '"':
                    micros = long.TryParse(value[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out long m) ? m : -1;
                    break;
                case "msg" when value[0] == '"':
                    kmsgText = JsonString.Unescape(value[1..^1]);
                    break;
                case "sec":
                    kmsgSeconds = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long sec) && sec < long.MaxValue / 1_000_000 ? sec : -1;
                    break;
                case "usec":
                    kmsgMicros = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long usec) && usec < 1_000_000 ? usec : -1;
                    break;
            }
            i = FastScan.SkipBlanks(s, valueEnd);
            if (i < s.Length - 1 && s[i] == ',')
            {
                i = FastScan.SkipBlanks(s, i + 1);
            }
            else if (i != s.Length - 1)
            {
                return false;
            }
        }
        if (message is null && kmsgText is not null && kmsgSeconds >= 0 && kmsgMicros >= 0)
        {
            // /dev/kmsg gives a record's text, then its dictionary lines (" SUBSYSTEM=pci", " DEVICE=+pci:…") after a
            // newline; Fluent Bit keeps them all in "msg" (a newline inside the text is "\x0a" in /dev/kmsg's record).
            int dictionary = kmsgText.IndexOf('\n', StringComparison.Ordinal);
            fields = new Fields(dictionary < 0 ? kmsgText : kmsgText[..dictionary], true, kmsgSeconds * 1_000_000 + kmsgMicros, true);
            return true;
        }
        if (message is null)
        {
            return false;
        }
        if (!journal)
        {
            // Docker keeps the line's terminator in the string.
            message = message.TrimEnd('\n').TrimEnd('\r');
        }
        fields = new Fields(message, journal && kernel, journal && kernel ? micros : -1, journal);
        return true;
    }

    /// <summary>
    /// Reads a line of Fluent Bit's file output in its default format (plugins/out_file/file.c: <c>"%s: [%f, %s]\n"</c>, the
    /// tag, the record's time and the record as JSON, <c>kernel: [1765058401.123456, {…}]</c>) as the record it holds;
    /// false when it is not such a line.
    /// </summary>
    public static bool TryReadFluentBitFileLine(ReadOnlySpan<char> s, out Fields fields)
    {
        fields = default;
        s = s.TrimEnd(" \t\r");
        if (s.Length < 16 || s[^1] != ']' || s[^2] != '}')
        {
            return false;
        }
        int colon = s.IndexOf(": [", StringComparison.Ordinal);
        if (colon <= 0 || s[..colon].ContainsAny(' ', '\t'))
        {
            return false;
        }
        int i = colon + 3;
        int digits = i;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || (s[i] == '.' && i > digits)))
        {
            i++;
        }
        return i > digits && s[i..].StartsWith(", {", StringComparison.Ordinal) && TryRead(s[(i + 2)..^1], out fields);
    }

    // The closing quote of the string opened at i, or -1.
    private static int StringEnd(ReadOnlySpan<char> s, int i)
    {
        for (int j = i + 1; j < s.Length; j++)
        {
            if (s[j] == '\\')
            {
                j++;
            }
            else if (s[j] == '"')
            {
                return j;
            }
        }
        return -1;
    }

    // Just past the value that starts at i (a string, an object or array, or a number or literal), or -1.
    private static int ValueEnd(ReadOnlySpan<char> s, int i)
    {
        if (i >= s.Length)
        {
            return -1;
        }
        if (s[i] == '"')
        {
            return StringEnd(s, i) is > 0 and var end ? end + 1 : -1;
        }
        if (s[i] is '{' or '[')
        {
            int depth = 0;
            for (int j = i; j < s.Length; j++)
            {
                switch (s[j])
                {
                    case '"':
                        j = StringEnd(s, j);
                        if (j < 0)
                        {
                            return -1;
                        }
                        break;
                    case '{' or '[':
                        depth++;
                        break;
                    case '}' or ']':
                        if (--depth == 0)
                        {
                            return j + 1;
                        }
                        break;
                }
            }
            return -1;
        }
        int k = i;
        while (k < s.Length && s[k] is not (',' or '}' or ' ' or '\t'))
        {
            k++;
        }
        return k > i ? k : -1;
    }

    // journald's array of byte values ("[27,91,48,109,…]"): the bytes decoded as UTF-8 (invalid ones as U+FFFD).
    private static string? Bytes(ReadOnlySpan<char> array)
    {
        var bytes = new List<byte>(array.Length / 3);
        foreach (Range r in array[1..^1].Split(','))
        {
            if (!byte.TryParse(array[1..^1][r].Trim(' '), NumberStyles.None, CultureInfo.InvariantCulture, out byte b))
            {
                return null;
            }
            bytes.Add(b);
        }
        return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
    }
}
