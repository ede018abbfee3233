using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// Reads one YAML mapping of the configuration: typed getters that record a located error instead of throwing,
/// and <see cref="ReportUnknownKeys"/> so a misspelt key is an error rather than silently ignored.
/// </summary>
public sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="node"/> found at key path <paramref name="path"/>.</summary>
    public YamlMap(YamlMappingNode node, string path, ConfigDiagnostics diagnostics)
    {
        _node = node;
        Path = path;
        Diagnostics = diagnostics;
    }

    /// <summary>Key path of this mapping, e.g. <c>consoles[2]</c>; empty for the document root.</summary>
    public string Path { get; }

    /// <summary>Where errors go.</summary>
    public ConfigDiagnostics Diagnostics { get; }

    /// <summary>The mapping node itself (for errors about the whole mapping).</summary>
    public YamlMappingNode Node => _node;

    /// <summary>Full key path of <paramref name="key"/> in this mapping.</summary>
    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Whether the mapping has <paramref name="key"/> (does not mark it read).</summary>
    public bool Has(string key) => Find(key) is not null;

    /// <summary>The raw node of <paramref name="key"/>, or null; marks the key as known.</summary>
    public YamlNode? Raw(string key)
    {
        _read.Add(key);
        return Find(key);
    }

    /// <summary>Records an error about <paramref name="key"/> (at its value, or at the mapping when absent).</summary>
    public void Error(string key, string message) =>
        Diagnostics.Error(Find(key) ?? (YamlNode)_node, KeyPath(key), message);

    /// <summary>Records a warning about <paramref name="key"/> (at its value, or at the mapping when absent).</summary>
    public void Warning(string key, string message) =>
        Diagnostics.Warning(Find(key) ?? (YamlNode)_node, KeyPath(key), message);

    /// <summary>A string value; records an error when required and missing, or when not a scalar.</summary>
    public string? Text(string key, bool required = false)
    {
        YamlNode? node = Raw(key);
        if (node is null)
        {
            if (required)
            {
                Diagnostics.Error(_node, KeyPath(key), "is required");
            }
            return null;
        }
        if (node is not YamlScalarNode scalar || scalar.Value is null)
        {
            Diagnostics.Error(node, KeyPath(key), "must be a single value, not a list or mapping");
            return null;
        }
        if (required && scalar.Value.Length == 0)
        {
            Diagnostics.Error(node, KeyPath(key), "must not be empty");
            return null;
        }
        if (scalar.Value.Contains('\0', StringComparison.Ordinal))
        {
            // No setting holds one, and .NET refuses paths that do (with an exception, not an error of this file).
            Diagnostics.Error(node, KeyPath(key), "holds a NUL character (\\0), which no setting can");
            return null;
        }
        return scalar.Value;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="what"/> names the range in errors.</summary>
    public int? Number(string key, int min, int max, string? what = null, bool required = false)
    {
        string? text = Text(key, required);
        if (text is null)
        {
            return null;
        }
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            Error(key, $"{ConfigText.Show(text)} is not a whole number");
            return null;
        }
        if (value < min || value > max)
        {
            Error(key, what is null ? $"{ConfigText.Show(text)} is out of range ({min}-{max})" : $"{ConfigText.Show(text)} is not {what} ({min}-{max})");
            return null;
        }
        return (int)value;
    }

    /// <summary>A TCP/UDP port (1-65535).</summary>
    public int? Port(string key, bool required = false) => Number(key, 1, 65535, "a port", required);

    /// <summary>true/false (also yes/no, on/off).</summary>
    public bool? Bool(string key)
    {
        string? text = Text(key);
        switch (text?.ToUpperInvariant())
        {
            case null:
                return null;
            case "TRUE" or "YES" or "ON":
                return true;
            case "FALSE" or "NO" or "OFF":
                return false;
            default:
                Error(key, $"{ConfigText.Show(text)} is not true or false");
                return null;
        }
    }

    /// <summary>A duration such as <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>2h</c>, <c>30d</c>.</summary>
    public TimeSpan? Duration(string key)
    {
        string? text = Text(key);
        if (text is null)
        {
            return null;
        }
        if (ConfigValues.TryParseDuration(text, out TimeSpan value))
        {
            return value;
        }
        Error(key, $"{ConfigText.Show(text)} is not a duration (a number and a unit: 500ms, 10s, 5m, 2h, 30d)");
        return null;
    }

    /// <summary>A size in bytes such as <c>65536</c>, <c>64KiB</c>, <c>64MiB</c>, <c>1GiB</c>.</summary>
    public long? Size(string key)
    {
        string? text = Text(key);
        if (text is null)
        {
            return null;
        }
        if (ConfigValues.TryParseSize(text, out long value))
        {
            return value;
        }
        Error(key, $"{ConfigText.Show(text)} is not a size (bytes, or a number with KiB, MiB or GiB)");
        return null;
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), returned in its canonical spelling.</summary>
    public string? OneOf(string key, params string[] allowed)
    {
        string? text = Text(key);
        if (text is null)
        {
            return null;
        }
        string? match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Error(key, $"{ConfigText.Show(text)} is not one of: {string.Join(", ", allowed)}{Suggestions.DidYouMean(text, allowed)}");
        }
        return match;
    }

    /// <summary>A nested mapping, or null (error when present but not a mapping).</summary>
    public YamlMap? Map(string key)
    {
        YamlNode? node = Raw(key);
        switch (node)
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return new YamlMap(mapping, KeyPath(key), Diagnostics);
            case YamlScalarNode { Value: null or "" }:
                return null;
            default:
                Diagnostics.Error(node, KeyPath(key), "must be a mapping (key: value lines)");
                return null;
        }
    }

    /// <summary>The items of a list, with their index.</summary>
    public IReadOnlyList<YamlNode> List(string key)
    {
        YamlNode? node = Raw(key);
        switch (node)
        {
            case null or YamlScalarNode { Value: null or "" }:
                return [];
            case YamlSequenceNode sequence:
                return sequence.Children.ToList();
            default:
                Diagnostics.Error(node, KeyPath(key), "must be a list (lines starting with -)");
                return [];
        }
    }

    /// <summary>A list of strings (e.g. a command's argv).</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        if (!Has(key))
        {
            _read.Add(key);
            return null;
        }
        var result = new List<string>();
        IReadOnlyList<YamlNode> items = List(key);
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is YamlScalarNode { Value: { } value })
            {
                result.Add(value);
            }
            else
            {
                Diagnostics.Error(items[i], $"{KeyPath(key)}[{i}]", "must be a single value");
            }
        }
        return result;
    }

    /// <summary>
    /// Records an error for every key that no getter asked for (typos, keys of another console type), with the
    /// nearest key that was asked for as a suggestion.
    /// </summary>
    public void ReportUnknownKeys(string? hint = null)
    {
        foreach (YamlNode keyNode in _node.Children.Keys)
        {
            // Keys are plain names: the YAML reader leaves out any other key, with its error.
            if (keyNode is YamlScalarNode { Value: { } key } && !_read.Contains(key))
            {
                string message = key == "<<"
                    ? "merge keys (<<: *anchor) are not supported; write the settings out"
                    : (hint is null ? "unknown key" : $"unknown key ({hint})") + Suggestions.DidYouMean(key, _read);
                Diagnostics.Error(keyNode, KeyPath(ConfigText.ShowKey(key)), message);
            }
        }
    }

    private YamlNode? Find(string key)
    {
        foreach ((YamlNode k, YamlNode v) in _node.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                return v;
            }
        }
        return null;
    }
}
