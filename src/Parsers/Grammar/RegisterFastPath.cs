using static SolWatch.Parsers.Grammar.FastScan;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// Reads a register dump line (<c>RAX: 0000000000000000 RBX: ffff8880053597e0</c>) without
/// <see cref="RegisterGrammar"/>, and turns every other line away (see <see cref="FastPathOutcome"/>): the grammar is a
/// flat list of NAME: VALUE pairs, so this reader follows it exactly and never needs to defer.
/// </summary>
internal static class RegisterFastPath
{
    private const int MaxNameLength = 8;
    private const int MinValueLength = 4;

    public static FastPathOutcome TryRead(ReadOnlySpan<char> s, List<KeyValuePair<string, string>>? into)
    {
        int i = SkipBlanks(s, 0);
        int startCount = into?.Count ?? 0;
        while (true)
        {
            if (!TryReadPair(s, ref i, out ReadOnlySpan<char> name, out ReadOnlySpan<char> value))
            {
                // The grammar wants the whole line to be pairs: one that does not read (the first, or one after blanks
                // that do not end the line) means no register line at all.
                into?.RemoveRange(startCount, into.Count - startCount);
                return FastPathOutcome.NotThisFamily;
            }
            into?.Add(new KeyValuePair<string, string>(NameCache.Tokens.Get(name), value.ToString()));
            int next = SkipBlanks(s, i);
            if (next == s.Length)
            {
                return FastPathOutcome.Read;
            }
            if (next == i)
            {
                // Something glued to the value ("FS:  0000000000000000(0000)"): the grammar fails there too.
                into?.RemoveRange(startCount, into.Count - startCount);
                return FastPathOutcome.NotThisFamily;
            }
            i = next;
        }
    }

    private static bool TryReadPair(ReadOnlySpan<char> s, ref int i, out ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        name = value = default;
        int at = i;
        while (at < s.Length && (char.IsAsciiLetterOrDigit(s[at]) || s[at] == '_'))
        {
            at++;
        }
        if (at == i || at - i > MaxNameLength)
        {
            return false;
        }
        name = s[i..at];
        at = SkipBlanks(s, at);
        if (at >= s.Length || s[at] != ':')
        {
            return false;
        }
        at = SkipBlanks(s, at + 1);
        int valueStart = at;
        while (at < s.Length && (char.IsAsciiHexDigit(s[at]) || s[at] is ':' or 'x'))
        {
            at++;
        }
        if (at - valueStart < MinValueLength)
        {
            return false;
        }
        value = s[valueStart..at];
        i = at;
        return true;
    }
}
