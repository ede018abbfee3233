using System.Text;
using YamlDotNet.RepresentationModel;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// One text per meaning of a YAML node: scalars quoted, mapping keys sorted, no comments, layout, quoting style or line
/// numbers. A reload compares a console's (a rule's, a destination's) entry in the old and the new file by it, so
/// moving an entry, re-indenting it or editing its comment restarts nothing.
/// </summary>
public static class CanonicalYaml
{
    /// <summary>The canonical text of <paramref name="node"/> (aliases are already resolved by the representation model).</summary>
    public static string Of(YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = new StringBuilder();
        Write(node, text, 0);
        return text.ToString();
    }

    private static void Write(YamlNode node, StringBuilder text, int depth)
    {
        // The loader refuses nesting past ConfigLimits' depth before this runs; the guard only keeps a bug from recursing forever.
        if (depth > 256)
        {
            text.Append('…');
            return;
        }
        switch (node)
        {
            case YamlScalarNode scalar:
                Quote(scalar.Value, text);
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                foreach (YamlNode child in sequence.Children)
                {
                    Write(child, text, depth + 1);
                    text.Append(',');
                }
                text.Append(']');
                break;
            case YamlMappingNode mapping:
                text.Append('{');
                foreach ((string key, YamlNode value) in mapping.Children
                    .Select(p => (Key: Of(p.Key), p.Value))
                    .OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(key).Append(':');
                    Write(value, text, depth + 1);
                    text.Append(',');
                }
                text.Append('}');
                break;
            default:
                text.Append('?');
                break;
        }
    }

    private static void Quote(string? value, StringBuilder text)
    {
        if (value is null)
        {
            text.Append('~');
            return;
        }
        text.Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\');
            }
            text.Append(c);
        }
        text.Append('"');
    }
}
