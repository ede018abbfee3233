using System.Collections.Concurrent;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// Hands out one string per distinct name read from a span (symbol, register and caller names): a fleet's consoles
/// print the same few thousand names over and over, and a fresh string for each was a good part of what finishing
/// a report allocated. Safe to share between the detectors of many consoles; bounded, so random input cannot grow it
/// without limit.
/// </summary>
internal sealed class NameCache(int capacity)
{
    private const int LongestCachedName = 128;

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Symbol names of call traces and instruction pointers.</summary>
    public static NameCache Symbols { get; } = new(65_536);

    /// <summary>Register names, caller ids and other short tokens.</summary>
    public static NameCache Tokens { get; } = new(16_384);

    /// <summary>The string for <paramref name="name"/>, the same instance each time while it is remembered.</summary>
    public string Get(ReadOnlySpan<char> name)
    {
        if (name.Length > LongestCachedName)
        {
            return name.ToString();
        }
        ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(name, out string? known))
        {
            return known;
        }
        string added = name.ToString();
        if (Interlocked.Increment(ref _count) > capacity)
        {
            _names.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
        return _names.GetOrAdd(added, added);
    }
}
