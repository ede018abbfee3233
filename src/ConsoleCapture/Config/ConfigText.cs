using System.Globalization;
using System.Text;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// How configuration values appear inside error messages: control characters escaped (a console name holding
/// <c>ESC [31m</c> must not recolour the operator's terminal) and long values shortened (a megabyte value must not
/// become a megabyte error). Also the shapes that tell a name from a secret pasted in its place.
/// </summary>
public static class ConfigText
{
    /// <summary>Longest value shown in full in an error message.</summary>
    public const int MaxShown = 80;

    /// <summary><paramref name="value"/> as an error message may show it: escaped, and shortened past <see cref="MaxShown"/>.</summary>
    public static string Show(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxShown)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Escape(value[..MaxShown])}… ({value.Length} characters)");
        }
        return Escape(value);
    }

    /// <summary>Control characters (C0, DEL, C1, line and paragraph separators) written as <c>\xNN</c> or <c>\uNNNN</c>.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsControl))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (!IsControl(c))
            {
                sb.Append(c);
            }
            else if (c <= 0xff)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Whether <paramref name="value"/> can be the name of an environment variable (a letter or '_', then letters,
    /// digits and '_'; at most 128). Anything else given where a variable's name is expected is likely the secret.
    /// </summary>
    public static bool IsEnvironmentVariableName(string value) =>
        value.Length is > 0 and <= 128 && (char.IsAsciiLetter(value[0]) || value[0] == '_')
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// Whether a variable name is in the conventional UPPER_CASE, so that it can be shown: a lower-case "name" that
    /// is not set may well be a password that merely looks like a name.
    /// </summary>
    public static bool IsConventionalVariableName(string value) =>
        IsEnvironmentVariableName(value) && !value.Any(char.IsAsciiLetterLower);

    /// <summary>
    /// Whether a value given as a secret's file looks plainly like a path (so it can be shown): only characters
    /// paths are made of, and a directory separator or a file extension. A bare word, or anything with spaces or
    /// punctuation, may be the secret itself.
    /// </summary>
    public static bool LooksLikePath(string value)
    {
        if (value.Length is 0 or > 1024 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '~' or '+'))
        {
            return false;
        }
        string name = value[(value.LastIndexOf('/') + 1)..];
        int dot = name.LastIndexOf('.');
        return value.Contains('/', StringComparison.Ordinal) || (dot > 0 && dot < name.Length - 1);
    }

    /// <summary>
    /// A key as an error may name it: a key that looks like a setting's name (letters, digits, '_', '-', '.', at most
    /// 64) as it is, any other one not at all. Why: pointed at another file (<c>--config /etc/shadow</c>), the loader
    /// would otherwise print that file's lines back as "unknown key" errors.
    /// </summary>
    public static string ShowKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length is > 0 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '<')
            ? key
            : "(a key that is not a setting name; not shown)";
    }

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
