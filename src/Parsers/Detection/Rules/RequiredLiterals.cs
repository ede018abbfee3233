using System.Text;
using System.Text.RegularExpressions;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// Words one of which every match of a pattern holds: for each alternative of the pattern, the longest run of literal
/// characters it cannot match without. A name holding none of them cannot match, and is answered without running the
/// pattern.
/// </summary>
/// <remarks>
/// Why: the skip patterns (<see cref="FrameFilters"/>) are hundreds of unanchored alternatives, and the expression tries
/// them at every position of a name it has not seen: about 40,000 instructions a name, most of what a cold scan of a
/// crash-dense console spent on frame filtering, while nearly every name matches none. The words are read from the
/// pattern's own text, so an alternative added to a list needs nothing more; where an alternative has no literal the
/// reading can be sure of, there are no words and the pattern always runs.
/// <para>Conservative by construction: a run ends at anything that is not a plain letter, digit or underscore (a group, a
/// class, an escape, an anchor, a dot), and a character made optional by the quantifier after it is left out. Groups are
/// looked into only when an alternative is one whole group (<c>(?:…)</c>, as <see cref="FrameFilters.Compile"/> wraps
/// each pattern).</para>
/// </remarks>
internal static partial class RequiredLiterals
{
    /// <summary>The words of <paramref name="regex"/>, or null when some alternative needs none.</summary>
    public static string[]? Of(Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        if ((regex.Options & (RegexOptions.IgnoreCase | RegexOptions.RightToLeft)) != 0)
        {
            return null;
        }
        string pattern = (regex.Options & RegexOptions.IgnorePatternWhitespace) != 0 ? WithoutWhitespace(regex.ToString()) : regex.ToString();
        if (InlineOptions().IsMatch(pattern))
        {
            // "(?i)" and the like change how what follows matches (case, whitespace): not read.
            return null;
        }
        var words = new HashSet<string>(StringComparer.Ordinal);
        return AddAlternation(pattern, words) ? [.. words] : null;
    }

    // Adds one word for each top-level alternative of `pattern`; false when one has none.
    private static bool AddAlternation(ReadOnlySpan<char> pattern, HashSet<string> words)
    {
        int start = 0;
        int depth = 0;
        for (int i = 0; i <= pattern.Length; i++)
        {
            if (i == pattern.Length || (depth == 0 && pattern[i] == '|'))
            {
                if (!AddAlternative(pattern[start..i], words))
                {
                    return false;
                }
                start = i + 1;
                continue;
            }
            switch (pattern[i])
            {
                case '\\':
                    i = EscapeEnd(pattern, i);
                    break;
                case '[':
                    i = ClassEnd(pattern, i);
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
            }
        }
        return true;
    }

    private static bool AddAlternative(ReadOnlySpan<char> alternative, HashSet<string> words)
    {
        if (alternative.StartsWith("(?:") && GroupEnd(alternative, 0) == alternative.Length - 1)
        {
            // A whole group: one of its own alternatives is matched.
            return AddAlternation(alternative[3..^1], words);
        }
        string? longest = null;
        var run = new StringBuilder();
        for (int i = 0; i <= alternative.Length; i++)
        {
            char c = i < alternative.Length ? alternative[i] : '\0';
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                if (i + 1 < alternative.Length && alternative[i + 1] is '?' or '*' or '{')
                {
                    // Optional (or repeated from none): not needed, and the run stops before it.
                    Keep(run, ref longest);
                    continue;
                }
                run.Append(c);
                if (i + 1 < alternative.Length && alternative[i + 1] == '+')
                {
                    // Needed once, but what follows is not next to it.
                    Keep(run, ref longest);
                }
                continue;
            }
            Keep(run, ref longest);
            switch (c)
            {
                case '\\':
                    i = EscapeEnd(alternative, i);
                    break;
                case '[':
                    i = ClassEnd(alternative, i);
                    break;
                case '(':
                    i = GroupEnd(alternative, i);
                    break;
            }
        }
        if (longest is null)
        {
            return false;
        }
        words.Add(longest);
        return true;
    }

    private static void Keep(StringBuilder run, ref string? longest)
    {
        if (run.Length > (longest?.Length ?? 0))
        {
            longest = run.ToString();
        }
        run.Clear();
    }

    // The index of the ')' closing the group opened at `open` (the pattern's last index if it never closes).
    private static int GroupEnd(ReadOnlySpan<char> s, int open)
    {
        int depth = 0;
        for (int i = open; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '\\':
                    i = EscapeEnd(s, i);
                    break;
                case '[':
                    i = ClassEnd(s, i);
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return i;
            }
        }
        return s.Length - 1;
    }

    // The index of the last character of the escape that starts at `at` (a backslash): \xHH, \uHHHH, \cX, \p{…}, \P{…},
    // \k<…> or \k'…', a backreference's or an octal's digits, else the one character after the backslash. What an escape
    // matches is never part of a run: its letters and digits ("41" of \x41) are not the text's.
    private static int EscapeEnd(ReadOnlySpan<char> s, int at)
    {
        int i = at + 1;
        if (i >= s.Length)
        {
            return s.Length - 1;
        }
        char kind = s[i];
        if (kind is 'x' or 'u' or 'c')
        {
            return Math.Min(s.Length - 1, i + (kind == 'x' ? 2 : kind == 'u' ? 4 : 1));
        }
        if (kind is 'p' or 'P' or 'k' && i + 1 < s.Length && s[i + 1] is '{' or '<' or '\'')
        {
            char close = s[i + 1] switch { '{' => '}', '<' => '>', _ => '\'' };
            int end = s[(i + 2)..].IndexOf(close);
            return end < 0 ? s.Length - 1 : i + 2 + end;
        }
        while (char.IsAsciiDigit(s[i]) && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
        }
        return i;
    }

    // The index of the ']' closing the class opened at `open` (a ']' first in the class is one of its characters).
    private static int ClassEnd(ReadOnlySpan<char> s, int open)
    {
        int i = open + 1;
        if (i < s.Length && s[i] == '^')
        {
            i++;
        }
        if (i < s.Length && s[i] == ']')
        {
            i++;
        }
        for (; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == ']')
            {
                return i;
            }
        }
        return s.Length - 1;
    }

    [GeneratedRegex(@"\(\?[imnsx-]")]
    private static partial Regex InlineOptions();

    // The pattern as RegexOptions.IgnorePatternWhitespace reads it: unescaped blanks and # comments outside classes dropped.
    private static string WithoutWhitespace(string pattern)
    {
        var kept = new StringBuilder(pattern.Length);
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                kept.Append(c).Append(pattern[++i]);
            }
            else if (c == '[')
            {
                int end = ClassEnd(pattern, i);
                kept.Append(pattern, i, end - i + 1);
                i = end;
            }
            else if (c == '#')
            {
                while (i < pattern.Length && pattern[i] != '\n')
                {
                    i++;
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                kept.Append(c);
            }
        }
        return kept.ToString();
    }
}
