using static SolWatch.Parsers.Grammar.FastScan;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// Reads a register dump line (<c>RAX: 0000000000000000 RBX: ffff8880053597e0</c>) without
/// <see cref="RegisterGrammar"/>, and turns most other lines away at their first token (see <see cref="FastPathOutcome"/>).
/// </summary>
internal static class RegisterFastPath
{
    private const int MaxNameLength = 8;
    private const int MinValueLength = 4;

    public static FastPathOutcome TryRead(string text, List<KeyValuePair<string, string>>? into)
    {
        ReadOnlySpan<char> s = text;
        int i = SkipBlanks(s, 0);
        bool first = true;
        int startCount = into?.Count ?? 0;
        while (true)
        {
            if (!TryReadPair(s, ref i, out ReadOnlySpan<char> name, out ReadOnlySpan<char> value))
            {
                // The grammar needs a first pair: without one the line is no register line. A later pair that does not
                // read is an odd shape: the grammar decides.
                into?.RemoveRange(startCount, into.Count - startCount);
                return first ? FastPathOutcome.NotThisFamily : FastPathOutcome.Unsure;
            }
            into?.Add(new KeyValuePair<string, string>(name.ToString(), value.ToString()));
            first = false;
            int next = SkipBlanks(s, i);
            if (next == s.Length)
            {
                return FastPathOutcome.Read;
            }
            if (next == i)
            {
                into?.RemoveRange(startCount, into.Count - startCount);
                return FastPathOutcome.Unsure; // something glued to the value
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
