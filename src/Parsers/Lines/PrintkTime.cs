namespace SolWatch.Parsers.Lines;

/// <summary>
/// The time in front of a kernel message: printk's <c>[ 12.345678]</c> (CONFIG_PRINTK_TIME, <c>%5lu.%06lu</c>),
/// dmesg -T's <c>[Wed Dec 19 03:36:07 2018]</c> and dmesg --reltime's <c>[  +0.000008]</c> and <c>[Dec 6 22:00]</c> (also as a
/// locale prints them: <c>[  +0,000004]</c>, <c>[30. Jul 08:55]</c>).
/// </summary>
internal static class PrintkTime
{
    /// <summary>How far into a line a printk time is looked for behind something else (a CI's clock, a shell prompt).</summary>
    private const int EmbeddedWindow = 80;

    /// <summary>Index just past the time at <paramref name="i"/>, or <paramref name="i"/> when there is none.</summary>
    public static int Skip(ReadOnlySpan<char> s, int i)
    {
        int j = SkipNumeric(s, i, out _, out _);
        if (j > i)
        {
            return j;
        }
        j = SkipHuman(s, i);
        if (j > i)
        {
            return j;
        }
        j = SkipShortCtime(s, i);
        return j > i ? j : SkipLocalShortCtime(s, i);
    }

    // short_ctime's format is translated (util-linux po/*.po, msgid "%b%e %H:%M"), and strftime's %b is the locale's
    // month: "%e. %b %H:%M" (de: "[30. Jul 08:55]"), "%e%b %H:%M" (fr, es, nl, pl, uk…: "[30juil. 08:55]"), "%e.%b %H:%M"
    // (cs), "%e.%b. %H:%M" (sr), "%e %b %H:%M" (ar), "%b%e日 %H:%M" (ja), "%b%e일 %H:%M" (ko), "%e%b %H.%M" (sv). So: a
    // bracket of day, month and such marks, a space, hh:mm (or hh.mm), and dmesg's space after the bracket.
    private static int SkipLocalShortCtime(ReadOnlySpan<char> s, int i)
    {
        const int MaxInside = 24;
        if (i >= s.Length || s[i] != '[')
        {
            return i;
        }
        int close = s[i..Math.Min(s.Length, i + MaxInside + 2)].IndexOf(']');
        if (close < 0 || i + close + 1 >= s.Length || s[i + close + 1] != ' ')
        {
            return i;
        }
        ReadOnlySpan<char> t = s.Slice(i + 1, close - 1);
        // " hh:mm" at the end, after the date part.
        if (t.Length < 9 || t[^6] != ' ' || !char.IsAsciiDigit(t[^5]) || !char.IsAsciiDigit(t[^4]) || t[^3] is not (':' or '.')
            || !char.IsAsciiDigit(t[^2]) || !char.IsAsciiDigit(t[^1]))
        {
            return i;
        }
        ReadOnlySpan<char> date = t[..^6];
        bool digit = false, letter = false;
        foreach (char c in date)
        {
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (char.IsLetter(c))
            {
                letter = true;
            }
            else if (c is not ('.' or ' '))
            {
                return i;
            }
        }
        return digit && letter ? i + close + 1 : i;
    }

    // util-linux dmesg --reltime / -H's time on the first record of each minute (sys-utils/dmesg.c short_ctime,
    // "%b%e %H:%M"): "[Dec 6 22:00]", "[Dec16 22:00]"; the records after it show "[  +0.000008]".
    private static int SkipShortCtime(ReadOnlySpan<char> s, int i)
    {
        const int Length = 13; // "[Mmmdd hh:mm]"
        if (s.Length - i < Length || s[i] != '[' || s[i + Length - 1] != ']')
        {
            return i;
        }
        ReadOnlySpan<char> t = s.Slice(i + 1, Length - 2);
        bool shape = char.IsAsciiLetterUpper(t[0]) && char.IsAsciiLetterLower(t[1]) && char.IsAsciiLetterLower(t[2])
                     && (t[3] == ' ' || char.IsAsciiDigit(t[3])) && char.IsAsciiDigit(t[4]) && t[5] == ' '
                     && char.IsAsciiDigit(t[6]) && char.IsAsciiDigit(t[7]) && t[8] == ':' && char.IsAsciiDigit(t[9]) && char.IsAsciiDigit(t[10]);
        return shape ? i + Length : i;
    }

    /// <summary>
    /// A printk time further into the line, behind text a console or a log collector put first (<c>16:56:35 [ 82.646346]</c>,
    /// <c>[root@host gpio]# [38179.087918]</c>, <c>-wait-wouldblock[  347.423535]</c>): it must have printk's six fraction digits. Returns its
    /// index, or -1.
    /// </summary>
    public static int FindEmbedded(ReadOnlySpan<char> s, int from)
    {
        int end = Math.Min(s.Length, from + EmbeddedWindow);
        for (int i = from + 1; i < end; i++)
        {
            // After a space, or glued to what user space printed on the same console line without its newline
            // ("-wait-wouldblock[  347.423535] invalid opcode"): printk's six fraction digits tell the time apart.
            if (s[i] == '[' && SkipNumeric(s, i, out int fraction, out _) > i && fraction == 6)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// A terminal program's or CI's wall clock in brackets at <paramref name="i"/> (<c>[2021/07/05, 13:43:52.334] </c>,
    /// <c>[22:22:59:896] </c>, <c>[2025-03-18T00:15:50.235Z] </c>): digits and date/time punctuation with at least one ':' (a
    /// printk time has none). Returns the index after it and its space, or <paramref name="i"/>.
    /// </summary>
    public static int SkipWallClock(ReadOnlySpan<char> s, int i)
    {
        // A printk time (the usual case, checked in a few characters) has no ':', so it is no wall clock.
        if (i >= s.Length || s[i] != '[' || SkipNumeric(s, i, out _, out _) > i)
        {
            return i;
        }
        int close = s[i..].IndexOf(']');
        if (close < 9 || close > 40 || i + close + 1 >= s.Length || s[i + close + 1] != ' ')
        {
            return i;
        }
        ReadOnlySpan<char> inside = s.Slice(i + 1, close - 1);
        bool colon = false;
        foreach (char c in inside)
        {
            if (c == ':')
            {
                colon = true;
            }
            else if (!char.IsAsciiDigit(c) && c is not ('/' or '-' or '.' or ',' or ' ' or 'T' or 'Z' or '+'))
            {
                return i;
            }
        }
        return colon ? i + close + 2 : i;
    }

    /// <summary>Index just past printk's numeric time (<c>[    2.252147]</c>) at <paramref name="i"/>, or
    /// <paramref name="i"/> when there is none.</summary>
    public static int SkipNumeric(ReadOnlySpan<char> s, int i) => SkipNumeric(s, i, out _, out _);

    /// <summary><see cref="SkipNumeric(ReadOnlySpan{char}, int)"/>, with the time's whole seconds when it has the form
    /// <see cref="PlainMicroseconds"/> reads (1 to 12 digits, a point, 1 to 9 digits), else -1.</summary>
    internal static int SkipNumeric(ReadOnlySpan<char> s, int i, out long plainSeconds) => SkipNumeric(s, i, out _, out plainSeconds);

    // "[    2.252147]" — spaces, digits, '.', digits, ']'.
    private static int SkipNumeric(ReadOnlySpan<char> s, int i, out int fractionDigits, out long plainSeconds)
    {
        fractionDigits = 0;
        plainSeconds = -1;
        if (i >= s.Length || s[i] != '[')
        {
            return i;
        }
        int j = i + 1;
        while (j < s.Length && s[j] == ' ')
        {
            j++;
        }
        bool relative = j < s.Length && s[j] == '+';
        if (relative)
        {
            // util-linux dmesg --reltime / -H: "[  +0.000008]", the time since the previous message.
            j++;
        }
        int digits = j;
        long seconds = 0;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            seconds = (seconds * 10) + (s[j] - '0');
            j++;
        }
        int secondsDigits = j - digits;
        // dmesg prints the delta with printf's "%+8.06f" after setlocale(LC_ALL, ""): a locale with a decimal comma
        // (de, fr, ru, pl…) gives "[  +0,000004]". printk's own time is "%5lu.%06lu", never a comma.
        if (j == digits || j >= s.Length || !(s[j] == '.' || (relative && s[j] == ',')))
        {
            return i;
        }
        j++;
        int frac = j;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            j++;
        }
        // printk's "[%5lu.%06lu]" with the fraction lost when pasted ("[  240.]"): still the kernel's time when the
        // seconds keep printk's five-wide field, which a list number ("[1.] One line summary") does not have.
        bool fractionLost = j == frac && !relative && frac - 1 - (i + 1) >= 5;
        if ((j == frac && !fractionLost) || j >= s.Length || s[j] != ']')
        {
            return i;
        }
        fractionDigits = j - frac;
        if (!relative && secondsDigits <= 12 && fractionDigits is > 0 and <= 9)
        {
            plainSeconds = seconds;
        }
        return j + 1;
    }

    // Past "[  T31]" or "[ C3]" at k and the blanks after it; k when no caller id is there (as IsCallerId reads one: blanks,
    // T or C, at least one digit). Read in place: slicing out the id and searching for its bracket cost more than the rest
    // of the time's reading (each line of an open report is read so).
    private static int SkipCallerId(ReadOnlySpan<char> s, int k)
    {
        int i = SkipSpaces(s, k + 1);
        if (i >= s.Length || s[i] is not ('T' or 'C'))
        {
            return k;
        }
        int digits = ++i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        return i > digits && i < s.Length && s[i] == ']' ? SkipSpaces(s, i + 1) : k;
    }

    private static bool IsCallerId(ReadOnlySpan<char> inside)
    {
        int i = SkipSpaces(inside, 0);
        if (inside.Length - i < 2 || inside[i] is not ('T' or 'C'))
        {
            return false;
        }
        for (i++; i < inside.Length; i++)
        {
            if (!char.IsAsciiDigit(inside[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static int SkipSpaces(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }
        return i;
    }

    // A /dev/kmsg or extended netconsole record header ending the prefix ("4,1000,35046212,-;", Documentation/ABI/testing/
    // dev-kmsg): its timestamp is the same clock as printk's time, in microseconds. -1 when the prefix ends otherwise.
    private static long KmsgMicroseconds(ReadOnlySpan<char> prefix)
    {
        int start = prefix.LastIndexOf(' ') + 1;
        return KmsgRecord.End(prefix, start, out _, out long microseconds) == prefix.Length ? microseconds : -1;
    }

    // "[Wed Dec 19 03:36:07 2018]": weekday, month, day, hh:mm:ss, year.
    private static int SkipHuman(ReadOnlySpan<char> s, int i)
    {
        const int Length = 26; // "[Www Mmm dd hh:mm:ss yyyy]"
        if (s.Length - i < Length || s[i] != '[' || s[i + Length - 1] != ']')
        {
            return i;
        }
        ReadOnlySpan<char> t = s.Slice(i + 1, Length - 2);
        bool shape = char.IsAsciiLetterUpper(t[0]) && char.IsAsciiLetterLower(t[1]) && char.IsAsciiLetterLower(t[2]) && t[3] == ' '
                     && char.IsAsciiLetterUpper(t[4]) && char.IsAsciiLetterLower(t[5]) && char.IsAsciiLetterLower(t[6]) && t[7] == ' '
                     && (t[8] == ' ' || char.IsAsciiDigit(t[8])) && char.IsAsciiDigit(t[9]) && t[10] == ' '
                     && t[13] == ':' && t[16] == ':' && t[19] == ' '
                     && char.IsAsciiDigit(t[20]) && char.IsAsciiDigit(t[21]) && char.IsAsciiDigit(t[22]) && char.IsAsciiDigit(t[23]);
        return shape ? i + Length : i;
    }

    /// <summary>
    /// The whole seconds of the last printk time (<c>[ 12.345678]</c>) in a line's prefix, or -1 when it has none (dmesg -T
    /// and --reltime times are not counted: they are not the kernel's clock).
    /// </summary>
    public static long WholeSeconds(ReadOnlySpan<char> prefix) => Microseconds(prefix) is var us and >= 0 ? us / 1_000_000 : -1;

    /// <summary>
    /// <see cref="Microseconds"/> of the prefix nearly every timed line has, printk's time alone (<c>[   12.345678] </c>) or
    /// with a caller id (<c>[   12.345678][   T31] </c>), read in one pass; -1 for any other prefix, which the general
    /// reading then takes (so it answers the same).
    /// </summary>
    /// <remarks>Why: the detector reads the time of every line of an open report (whether the clock went back, a new
    /// boot), and the general reading's searches and trims were a twentieth of a crash-dense scan (perf, native scanner).</remarks>
    internal static long PlainMicroseconds(ReadOnlySpan<char> prefix)
    {
        if (prefix.Length < 4 || prefix[0] != '[')
        {
            return -1;
        }
        int j = 1;
        while (j < prefix.Length && prefix[j] == ' ')
        {
            j++;
        }
        int first = j;
        long seconds = 0;
        while (j < prefix.Length && char.IsAsciiDigit(prefix[j]))
        {
            seconds = seconds * 10 + (prefix[j] - '0');
            j++;
        }
        if (j == first || j - first > 12 || j >= prefix.Length || prefix[j] != '.')
        {
            return -1;
        }
        j++;
        long fraction = 0;
        int digits = 0;
        while (j < prefix.Length && char.IsAsciiDigit(prefix[j]))
        {
            if (digits < 6)
            {
                fraction = fraction * 10 + (prefix[j] - '0');
            }
            digits++;
            j++;
        }
        // No fraction digits (a paste's "[  240.]") or more than the general reading takes: left to it.
        if (digits == 0 || digits > 9 || j >= prefix.Length || prefix[j] != ']')
        {
            return -1;
        }
        // What follows the time: nothing but blanks, or CONFIG_PRINTK_CALLER's "[   T31]" (glued, or behind a space as
        // util-linux dmesg prints it) and blanks. Read a character at a time: a few characters, where the vectorized
        // searches cost more than they save.
        int k = SkipSpaces(prefix, j + 1);
        if (k < prefix.Length && prefix[k] == '[')
        {
            k = SkipCallerId(prefix, k);
        }
        if (k < prefix.Length)
        {
            return -1;
        }
        for (; digits < 6; digits++)
        {
            fraction *= 10;
        }
        return seconds * 1_000_000 + fraction;
    }

    /// <summary>The last printk time in a line's prefix in microseconds (printk prints six fraction digits), or a /dev/kmsg
    /// record's timestamp, or -1.</summary>
    public static long Microseconds(ReadOnlySpan<char> prefix) =>
        PlainMicroseconds(prefix) is >= 0 and var plain ? plain : AnyMicroseconds(prefix);

    /// <summary><see cref="Microseconds"/> read the general way, whatever the prefix (tests hold the plain reading to it).</summary>
    internal static long AnyMicroseconds(ReadOnlySpan<char> prefix)
    {
        if (prefix.Length > 0 && prefix[^1] == ';' && KmsgMicroseconds(prefix) is >= 0 and var kmsg)
        {
            return kmsg;
        }
        // (printk's time alone, the common prefix, is PlainMicroseconds' and seldom comes here.)
        int close = prefix.LastIndexOf(']');
        int open = close < 0 ? -1 : prefix[..close].LastIndexOf('[');
        if (open < 0)
        {
            return -1;
        }
        if (IsCallerId(prefix[(open + 1)..close]) && open > 0 && prefix[..open].TrimEnd(' ') is { Length: > 0 } before && before[^1] == ']')
        {
            // CONFIG_PRINTK_CALLER's "[  T123]" (or util-linux dmesg's, after a space) follows the time: the time is the bracket before.
            close = before.Length - 1;
            open = prefix[..close].LastIndexOf('[');
            if (open < 0)
            {
                return -1;
            }
        }
        ReadOnlySpan<char> inside = prefix[(open + 1)..close].TrimStart(' ');
        int dot = inside.IndexOf('.');
        // No fraction digits at all: a time whose fraction was lost in a paste ("[  240.]"), read as whole seconds.
        if (dot <= 0 || dot > 12 || inside.Length - dot - 1 > 9)
        {
            return -1;
        }
        long seconds = 0;
        foreach (char c in inside[..dot])
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }
            seconds = seconds * 10 + (c - '0');
        }
        long fraction = 0;
        int digits = 0;
        foreach (char c in inside[(dot + 1)..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }
            if (digits++ < 6)
            {
                fraction = fraction * 10 + (c - '0');
            }
        }
        for (; digits < 6; digits++)
        {
            fraction *= 10;
        }
        return seconds * 1_000_000 + fraction;
    }
}
