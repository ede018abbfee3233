using System.Text.RegularExpressions;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// A set of function names given by patterns, with answers remembered: a fleet's crashes name the same few thousand
/// functions over and over, and one pattern match costs far more than a lookup. Safe to share between the detectors
/// of many consoles.
/// </summary>
/// <remarks>
/// The memo is a fixed table with two slots per name hash, as in <see cref="NameCache"/>. Why: it is asked about
/// every frame a title, an instruction pointer or a fingerprint is chosen from, and the concurrent dictionary it
/// replaces (a hash of the whole name, cleared wholesale when full) was a visible part of finishing a report. Names
/// come from <see cref="NameCache"/>, so a hit is usually the very same string. A slot holds an immutable answer or
/// none, written whole, so readers need no lock; a collision only costs a pattern match again; the memory is fixed.
/// </remarks>
internal sealed class FunctionSet
{
    private readonly Regex _patterns;
    private readonly Answer?[] _memo;

    /// <summary>A set of the names matching <paramref name="patterns"/>, remembering about
    /// <paramref name="remembered"/> answers (rounded to a power of two).</summary>
    public FunctionSet(Regex patterns, int remembered)
    {
        _patterns = patterns;
        _memo = new Answer?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, remembered))];
    }

    /// <summary>Whether <paramref name="function"/> matches one of the patterns.</summary>
    public bool Contains(string function)
    {
        int hash = NameCache.Hash(function);
        int first = hash & (_memo.Length - 1) & ~1;
        Answer? a = _memo[first];
        if (a is not null && (ReferenceEquals(a.Function, function) || a.Function == function))
        {
            return a.Matches;
        }
        Answer? b = _memo[first + 1];
        if (b is not null && (ReferenceEquals(b.Function, function) || b.Function == function))
        {
            return b.Matches;
        }
        var answer = new Answer(function, _patterns.IsMatch(function));
        _memo[a is null ? first : b is null ? first + 1 : first + ((hash >> 20) & 1)] = answer;
        return answer.Matches;
    }

    private sealed record Answer(string Function, bool Matches);
}
