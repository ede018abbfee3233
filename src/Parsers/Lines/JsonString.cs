using System.Globalization;
using System.Text;

namespace SolWatch.Parsers.Lines;

/// <summary>The body of a JSON string (RFC 8259 section 7) back to its text: a LAVA record's message.</summary>
internal static class JsonString
{
    /// <summary>The text <paramref name="body"/> (between the quotes) stands for; an escape it does not know is kept as it is.</summary>
    public static string Unescape(ReadOnlySpan<char> body)
    {
        var sb = new StringBuilder(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                sb.Append(c);
                continue;
            }
            char e = body[++i];
            switch (e)
            {
                case '"' or '\\' or '/': sb.Append(e); break;
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u' when i + 4 < body.Length
                              && int.TryParse(body.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code):
                    sb.Append((char)code);
                    i += 4;
                    break;
                default: sb.Append('\\').Append(e); break;
            }
        }
        return sb.ToString();
    }
}
