using System.Buffers;
using System.Numerics;
using System.Text.RegularExpressions;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// A set of function names given by patterns, with answers remembered: a fleet's crashes name the same few thousand
/// functions over and over, and one pattern match costs far more than a lookup. Safe to share between the detectors
/// of many consoles.
/// </summary>
/// <remarks>
/// The memo is a <see cref="SlotTable"/> with four slots per name hash: fixed memory, no lock, nothing cleared
/// wholesale when it fills. A collision only costs a pattern match again, but
/// that match runs an expression of a few hundred alternatives: with two slots per hash, names sharing one (kernel
/// names often differ only in the middle, <c>__asan_report_load1_noabort</c> and <c>…load4…</c>) kept evicting each
/// other, and on the crash corpus 181 of 49,195 lookups per pass missed, about 3% of a scan. With four, none do.
/// </remarks>
internal sealed class FunctionSet
{
    // Slots per hash: a name shares them with few others before one is overwritten, and a miss runs the patterns again.
    private const int Ways = 4;

    private readonly Regex _patterns;
    // One of these is in every name the patterns match (RequiredLiterals); null when the patterns need none.
    private readonly SearchValues<string>? _required;
    private readonly Answer?[] _memo;

    /// <summary>A set of the names matching <paramref name="patterns"/>, remembering about
    /// <paramref name="remembered"/> answers (rounded to a power of two).</summary>
    public FunctionSet(Regex patterns, int remembered)
    {
        _patterns = patterns;
        _required = RequiredLiterals.Of(patterns) is { } words ? SearchValues.Create(words, StringComparison.Ordinal) : null;
        _memo = new Answer?[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(Ways, remembered))];
    }

    /// <summary>
    /// The longest name a kernel prints for a symbol: KSYM_NAME_LEN (include/linux/kallsyms.h) less its NUL, 512 since 6.1
    /// (Rust symbols; 128 before). kallsyms cuts longer names, so a longer "function" is console noise, never a symbol.
    /// </summary>
    public const int LongestSymbol = 511;

    /// <summary>Whether <paramref name="function"/> matches one of the patterns; never for a name longer than
    /// <see cref="LongestSymbol"/>, which bounds what a pattern can cost (they run without a timeout).</summary>
    public bool Contains(string function) =>
        function.Length <= LongestSymbol && SlotTable.GetOrAdd<Answer, (string Function, FunctionSet Set), AnswerEntry>(_memo, Ways, NameCache.Hash(function), (function, this)).Matches;

    // The patterns' answer for a name not remembered: a name without any of the required words cannot match.
    private bool Match(string function) =>
        (_required is null || function.AsSpan().ContainsAny(_required)) && _patterns.IsMatch(function);

    private sealed record Answer(string Function, bool Matches);

    private readonly struct AnswerEntry : ISlotEntry<(string Function, FunctionSet Set), Answer>
    {
        public static bool Matches(Answer entry, (string Function, FunctionSet Set) key) =>
            ReferenceEquals(entry.Function, key.Function) || entry.Function == key.Function;

        public static Answer Make((string Function, FunctionSet Set) key) => new(key.Function, key.Set.Match(key.Function));
    }
}
