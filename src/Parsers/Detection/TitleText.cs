using System.Text;

namespace SolWatch.Parsers.Detection;

/// <summary>Makes a title safe to group by: no address, number, PID or CPU id ever stays in it.</summary>
internal static class TitleText
{
    /// <summary>Hex addresses become ADDR, free-standing numbers NUM; runs of spaces collapse; trimmed.</summary>
    public static string Sanitize(string title)
    {
        if (!title.AsSpan().ContainsAnyInRange('0', '9') && !title.Contains("  ", StringComparison.Ordinal))
        {
            // Nothing to replace (offsets, numbers and addresses all hold a digit) and no spaces to collapse: most titles.
            return title.Trim();
        }
        title = StripOffsets(title);
        var sb = new StringBuilder(title.Length);
        int i = 0;
        while (i < title.Length)
        {
            char c = title[i];
            bool boundary = i == 0 || !IsWordChar(title[i - 1]);
            if (boundary && char.IsAsciiDigit(c))
            {
                int j = i;
                bool hex = false;
                if (c == '0' && i + 1 < title.Length && title[i + 1] is 'x' or 'X')
                {
                    j = i + 2;
                    hex = true;
                }
                int digitsStart = j;
                while (j < title.Length && (hex ? char.IsAsciiHexDigit(title[j]) : char.IsAsciiHexDigit(title[j])))
                {
                    j++;
                }
                bool endsWord = j >= title.Length || !IsWordChar(title[j]);
                string token = title[digitsStart..j];
                if (endsWord && (hex || token.Length >= 8 || token.All(char.IsAsciiDigit)))
                {
                    sb.Append(hex || token.Length >= 8 && !token.All(char.IsAsciiDigit) ? "ADDR" : "NUM");
                    i = j;
                    continue;
                }
            }
            else if (boundary && IsLongHexWord(title, i, out int end))
            {
                sb.Append("ADDR");
                i = end;
                continue;
            }
            if (c == ' ' && sb.Length > 0 && sb[^1] == ' ')
            {
                i++;
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString().Trim();
    }

    // "func+0x1a/0x30" → "func": offsets differ between builds.
    private static string StripOffsets(string title)
    {
        int plus = title.IndexOf("+0x", StringComparison.Ordinal);
        while (plus >= 0)
        {
            int j = plus + 3;
            while (j < title.Length && (char.IsAsciiHexDigit(title[j]) || title[j] is '/' or 'x'))
            {
                j++;
            }
            title = title.Remove(plus, j - plus);
            plus = title.IndexOf("+0x", plus, StringComparison.Ordinal);
        }
        return title;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // "ffff88801234abcd": a long hex word starting with a letter is an address too.
    private static bool IsLongHexWord(string s, int i, out int end)
    {
        end = i;
        while (end < s.Length && char.IsAsciiHexDigit(s[end]))
        {
            end++;
        }
        bool digits = false;
        for (int k = i; k < end; k++)
        {
            digits |= char.IsAsciiDigit(s[k]);
        }
        return end - i >= 12 && digits && (end >= s.Length || !IsWordChar(s[end]));
    }
}
