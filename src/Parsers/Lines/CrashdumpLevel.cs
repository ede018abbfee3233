namespace SolWatch.Parsers.Lines;

/// <summary>
/// The level name xen-crashdump-analyser writes between the printk time and the message when it copies dom0's printk
/// ring out of a Xen host's crash dump (XenServer, Citrix Hypervisor, XCP-ng: /var/crash/…/dom0.log). Its
/// print_console_ring_3x (src/util/print-structures.cpp) prints each record as <c>"[%7lu.%.6lu] %s: "</c> with
/// log_level_str's six-column names <c>" EMERG"</c>, <c>" ALERT"</c>, <c>"  CRIT"</c>, <c>"   ERR"</c>, <c>"  WARN"</c>,
/// <c>"NOTICE"</c>, <c>"  INFO"</c>, <c>" DEBUG"</c>: <c>[    525.566583]   WARN: RIP: e030:skb_copy_ubufs+0x19c/0x5f0</c>.
/// Only read after a printk time, with the padding exactly as printed, so a message of the kernel's own that starts
/// with such a word is not cut. (A level outside 0-7 is printed as an empty name, "] : "; that is left alone.)
/// </summary>
internal static class CrashdumpLevel
{
    private static readonly string[] Names = [" EMERG", " ALERT", "  CRIT", "   ERR", "  WARN", "NOTICE", "  INFO", " DEBUG"];

    /// <summary>Index just past the name and its <c>": "</c> at <paramref name="i"/>, or <paramref name="i"/>.</summary>
    public static int Skip(ReadOnlySpan<char> s, int i)
    {
        const int Width = 6;
        if (s.Length - i < Width + 2 || s[i + Width] != ':' || s[i + Width + 1] != ' ')
        {
            return i;
        }
        ReadOnlySpan<char> name = s.Slice(i, Width);
        foreach (string n in Names)
        {
            if (name.SequenceEqual(n))
            {
                return i + Width + 2;
            }
        }
        return i;
    }
}
