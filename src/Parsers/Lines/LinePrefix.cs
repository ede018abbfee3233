using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Lines;

/// <summary>
/// Strips what consoles and log collectors put in front of a kernel message: syslog/journal prefixes
/// (<c>Nov 26 05:34:43 host kernel: </c>, <c>2026-11-26T05:34:43.123+00:00 host kernel: </c>), the
/// <c>** N printk messages dropped **</c> marker, a shell's <c>login: </c>, <c>&lt;n&gt;</c> levels, <c>[ 12.345678]</c>
/// timestamps and <c>[T123]</c>/<c>[ C3]</c> caller ids. Hand-written span code: it runs on every line of a report,
/// where a parser combinator would cost more than the rest of the detector.
/// </summary>
public static class LinePrefix
{
    private const string KernelTag = "kernel: ";
    private const string Dropped = " printk messages dropped ** ";

    /// <summary>Takes <paramref name="raw"/> apart.</summary>
    public static KernelLine Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ReadOnlySpan<char> s = raw;
        int start = 0;
        bool kernel = false;

        int tag = SyslogTagEnd(s);
        if (tag > 0)
        {
            start = tag;
            kernel = true;
        }
        start = SkipDropped(s, start);
        int login = s[start..].IndexOf("login: ", StringComparison.Ordinal);
        if (login >= 0 && login < 64 && s.Length > start + login + 8 && (s[start + login + 7] is '[' or '<'))
        {
            start += login + 7;
        }
        start = SkipLevel(s, start);
        string? caller = null;
        int afterTime = SkipTimestamp(s, start);
        if (afterTime > start)
        {
            kernel = true;
            start = afterTime;
            int afterCaller = SkipCaller(s, start, out caller);
            start = afterCaller;
            if (start < s.Length && s[start] == ' ')
            {
                start++;
            }
        }
        string text = start == 0 ? raw : raw[start..];
        return new KernelLine(raw, text, caller, kernel);
    }

    // "Mon dd hh:mm:ss host kernel: " or "YYYY-MM-DDThh:mm:ss[.frac][zone] host kernel: " — only near the start.
    private static int SyslogTagEnd(ReadOnlySpan<char> s)
    {
        if (s.Length < 20)
        {
            return -1;
        }
        bool looksLikeDate = (char.IsAsciiLetterUpper(s[0]) && char.IsAsciiLetter(s[1]) && char.IsAsciiLetter(s[2]) && s[3] == ' ')
                             || (char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3]) && s[4] == '-');
        if (!looksLikeDate)
        {
            return -1;
        }
        ReadOnlySpan<char> head = s[..Math.Min(s.Length, 96)];
        int k = head.IndexOf(KernelTag, StringComparison.OrdinalIgnoreCase);
        return k < 0 ? -1 : k + KernelTag.Length;
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

    private static int SkipTimestamp(ReadOnlySpan<char> s, int i)
    {
        // "[    2.252147]" — spaces, digits, '.', digits, ']'.
        if (i >= s.Length || s[i] != '[')
        {
            return i;
        }
        int j = i + 1;
        while (j < s.Length && s[j] == ' ')
        {
            j++;
        }
        int digits = j;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            j++;
        }
        if (j == digits || j >= s.Length || s[j] != '.')
        {
            return i;
        }
        j++;
        int frac = j;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            j++;
        }
        if (j == frac || j >= s.Length || s[j] != ']')
        {
            return i;
        }
        return j + 1;
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
