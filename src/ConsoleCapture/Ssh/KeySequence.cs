using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// Parses the key sequences of the configuration (exit and break sequences of a BMC console), written the way
/// BMC manuals write them: <c>^\</c> (caret notation for a control key), <c>\e(</c> or <c>ESC (</c>-style escapes
/// (<c>\e</c>, <c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\xHH</c>, <c>\\</c>, <c>\^</c>); every other character stands for itself.
/// </summary>
public static class KeySequence
{
    /// <summary>Turns <paramref name="text"/> into the bytes to send; throws <see cref="FormatException"/> naming the bad spot.</summary>
    public static ImmutableArray<byte> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = ImmutableArray.CreateBuilder<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '^' && i + 1 < text.Length)
            {
                char k = char.ToUpperInvariant(text[++i]);
                if (k == '?')
                {
                    bytes.Add(0x7F);
                }
                else if (k >= '@' && k <= '_')
                {
                    bytes.Add((byte)(k - '@'));
                }
                else
                {
                    throw new FormatException($"key sequence \"{text}\": ^{text[i]} at position {i} is not a control key (use ^@ .. ^_ or ^?)");
                }
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                char e = text[++i];
                switch (e)
                {
                    case 'e': bytes.Add(0x1B); break;
                    case 'r': bytes.Add((byte)'\r'); break;
                    case 'n': bytes.Add((byte)'\n'); break;
                    case 't': bytes.Add((byte)'\t'); break;
                    case '\\': bytes.Add((byte)'\\'); break;
                    case '^': bytes.Add((byte)'^'); break;
                    case 'x' when i + 2 < text.Length
                        && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b):
                        bytes.Add(b);
                        i += 2;
                        break;
                    default:
                        throw new FormatException($"key sequence \"{text}\": unknown escape \\{e} at position {i - 1} (known: \\e \\r \\n \\t \\xHH \\\\ \\^)");
                }
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        return bytes.ToImmutable();
    }

    /// <summary>Writes <paramref name="bytes"/> back in the notation <see cref="Parse"/> reads (for messages and docs).</summary>
    public static string Format(ImmutableArray<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes)
        {
            if (b == 0x1B)
            {
                text.Append(@"\e");
            }
            else if (b < 0x20)
            {
                text.Append('^').Append((char)(b + '@'));
            }
            else if (b == 0x7F)
            {
                text.Append("^?");
            }
            else if (b is (byte)'\\' or (byte)'^')
            {
                text.Append('\\').Append((char)b);
            }
            else if (b < 0x7F)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }
        return text.ToString();
    }
}
