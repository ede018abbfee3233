using System.Text;
using System.Text.Json;

namespace SolWatch.Parsers.Lines;

/// <summary>The body of a JSON string (RFC 8259 section 7) back to its text: a LAVA record's message.</summary>
internal static class JsonString
{
    /// <summary>The text <paramref name="body"/> (between the quotes) stands for, read by System.Text.Json's reader; a body
    /// that is not a valid JSON string (a record cut short, an escape JSON does not know) is kept as it is.</summary>
    public static string Unescape(ReadOnlySpan<char> body)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(string.Concat("\"", body, "\"")));
            return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() ?? body.ToString() : body.ToString();
        }
        catch (JsonException)
        {
            return body.ToString();
        }
    }
}
