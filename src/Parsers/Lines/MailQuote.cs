namespace SolWatch.Parsers.Lines;

/// <summary>
/// The quote marks a mail reply puts in front of each line it quotes (RFC 3676 "&gt; ", nested "&gt;&gt; " or
/// "&gt; &gt; "). Reports reach the kernel's lists and bug trackers quoted: 2.6.x consoles had no printk times, so the
/// quoted line is the bare message (<c>&gt;  [&lt;ffffffff8020af79&gt;] dump_trace+0xb9/0x430</c>), which no other prefix
/// form takes.
/// </summary>
public static class MailQuote
{
    /// <summary>Where the line's text starts after its quote marks, or 0 when it is not quoted. A mark is a '&gt;'
    /// followed by a blank or by another mark; a bare "&gt;" (an empty quoted line) is a quote too. KASAN's shadow dump
    /// marks its faulting row with a '&gt;' glued to the address (<c>&gt;ffff88806a1f7d00: 00 …</c>): not a quote.</summary>
    public static int End(ReadOnlySpan<char> s)
    {
        int i = 0;
        while (i < s.Length && s[i] == '>')
        {
            if (i + 1 == s.Length)
            {
                return i + 1;
            }
            if (s[i + 1] == '>')
            {
                i++;
            }
            else if (s[i + 1] == ' ')
            {
                i += 2;
            }
            else
            {
                return 0;
            }
        }
        return i;
    }
}
