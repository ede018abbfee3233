namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// Bounds on what a configuration file may be, so that a wrong path (a log, /dev/zero, a FIFO) or a hostile file
/// (aliases that expand to a billion nodes, 100,000 nested brackets, a megabyte in one value) is refused with a
/// located error before it costs memory, stack or time. A real configuration is far inside every one of them:
/// a thousand consoles of ten settings is about 100 KB, 25,000 values and 4 levels deep.
/// </summary>
public static class ConfigLimits
{
    /// <summary>Largest configuration file read (checked before reading, and again while reading).</summary>
    public const int MaxFileBytes = 4 << 20;

    /// <summary>Deepest nesting of lists and mappings (YamlDotNet's node builder recurses once per level).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most values (scalars, lists, mappings), an alias counting as many as the node it repeats.</summary>
    public const int MaxNodes = 200_000;

    /// <summary>Longest single value or key, in characters.</summary>
    public const int MaxValueChars = 65_536;
}
