using System.Globalization;
using System.Text;

namespace SolWatch.Parsers.Lines;

/// <summary>The body of a JSON string (RFC 8259 section 7) back to its text: a LAVA record's message, a journal or
/// Docker JSON record's.</summary>
/// <remarks>
/// Hand-written rather than System.Text.Json's reader: that reader throws on a body that is no valid string (a record
/// cut short, an unknown escape, a <c>\ud800</c> with no low surrogate after it: InvalidOperationException, which is not
/// even a JsonException), and these bodies are whatever a console printed. Here nothing throws: a body with an escape
/// JSON does not know is kept as it is, a lone surrogate escape becomes U+FFFD as a decoder would make it.
/// </remarks>
internal static class JsonString
{
    /// <summary>The text <paramref name="body"/> (between the quotes) stands for; a body that is not a valid JSON
    /// string's is kept as it is.</summary>
    public static string Unescape(ReadOnlySpan<char> body)
    {
        int first = body.IndexOf('\\');
        if (first < 0)
        {
            return body.ToString();
        }
        var text = new StringBuilder(body.Length);
        text.Append(body[..first]);
        for (int i = first; i < body.Length; i++)
        {
            char c = body[i];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }
            if (++i >= body.Length)
            {
                return body.ToString();
            }
            switch (body[i])
            {
                case '"' or '\\' or '/':
                    text.Append(body[i]);
                    break;
                case 'b':
                    text.Append('\b');
                    break;
                case 'f':
                    text.Append('\f');
                    break;
                case 'n':
                    text.Append('\n');
                    break;
                case 'r':
                    text.Append('\r');
                    break;
                case 't':
                    text.Append('\t');
                    break;
                case 'u' when i + 4 < body.Length
                              && ushort.TryParse(body.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort unit):
                    AppendUnit(text, (char)unit, body, ref i);
                    break;
                default:
                    return body.ToString();
            }
        }
        return text.ToString();
    }

    // One \uXXXX (i at its 'u'): a high surrogate joins the \uXXXX low surrogate right after it; a surrogate alone is U+FFFD.
    private static void AppendUnit(StringBuilder text, char unit, ReadOnlySpan<char> body, ref int i)
    {
        i += 4;
        if (!char.IsSurrogate(unit))
        {
            text.Append(unit);
            return;
        }
        if (char.IsHighSurrogate(unit) && i + 6 < body.Length && body[i + 1] == '\\' && body[i + 2] == 'u'
            && ushort.TryParse(body.Slice(i + 3, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort low)
            && char.IsLowSurrogate((char)low))
        {
            text.Append(unit).Append((char)low);
            i += 6;
            return;
        }
        text.Append('\uFFFD');
    }
}
