using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// A set of function names given by patterns, with every answer remembered: a fleet's crashes name the same few
/// thousand functions over and over, and one pattern match costs far more than a lookup. Safe to share between the
/// detectors of many consoles (the memo is concurrent and bounded).
/// </summary>
internal sealed class FunctionSet(Regex patterns)
{
    private const int MaxRemembered = 65_536;
    private readonly ConcurrentDictionary<string, bool> _memo = new(StringComparer.Ordinal);
    private int _remembered;

    /// <summary>Whether <paramref name="function"/> matches one of the patterns.</summary>
    public bool Contains(string function)
    {
        if (_memo.TryGetValue(function, out bool known))
        {
            return known;
        }
        bool match = patterns.IsMatch(function);
        if (Interlocked.Increment(ref _remembered) > MaxRemembered)
        {
            // A pathological input (random symbol names) must not grow the memo without bound.
            _memo.Clear();
            Interlocked.Exchange(ref _remembered, 0);
        }
        _memo[function] = match;
        return match;
    }
}
