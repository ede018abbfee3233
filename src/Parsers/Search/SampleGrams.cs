using System.Numerics;

namespace SolWatch.Parsers.Search;

/// <summary>
/// The distinct runs of a given length (grams) of a text sample, with how often each occurs, as bit sets: which grams
/// have a character at a position. <see cref="Buckets"/> counts with them the sample's positions a bucket lets through.
/// </summary>
internal sealed class SampleGrams
{
    private readonly int[] _counts;
    private readonly Dictionary<string, int> _countOf;
    // [position * 128 + character]: the grams with that character at that position.
    private readonly ulong[][] _with;

    public SampleGrams(IEnumerable<string> lines, int length)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            for (int i = 0; i + length <= line.Length; i++)
            {
                string gram = line.Substring(i, length);
                if (gram.All(char.IsAscii))
                {
                    counts[gram] = counts.GetValueOrDefault(gram) + 1;
                    Positions++;
                }
            }
        }
        _countOf = counts;
        string[] grams = [.. counts.Keys];
        _counts = [.. grams.Select(g => counts[g])];
        Words = (grams.Length + 63) / 64;
        All = [.. Enumerable.Repeat(ulong.MaxValue, Words)];
        _with = new ulong[length * 128][];
        for (int i = 0; i < _with.Length; i++)
        {
            _with[i] = new ulong[Words];
        }
        for (int g = 0; g < grams.Length; g++)
        {
            for (int k = 0; k < length; k++)
            {
                _with[(k * 128) + grams[g][k]][g / 64] |= 1UL << (g % 64);
            }
        }
    }

    /// <summary>How often <paramref name="gram"/> occurs in the sample.</summary>
    public int CountOf(string gram) => _countOf.GetValueOrDefault(gram);

    /// <summary>Longs in a bit set of the grams.</summary>
    public int Words { get; }

    /// <summary>Positions in the sample (the grams' counts summed).</summary>
    public int Positions { get; }

    /// <summary>Every gram (bits past the last gram are set too; <see cref="Count"/> never reads them).</summary>
    public ulong[] All { get; }

    /// <summary>The grams with <paramref name="c"/> at position <paramref name="k"/>.</summary>
    public ReadOnlySpan<ulong> With(int k, char c) => _with[(k * 128) + c];

    /// <summary>Adds to <paramref name="set"/> the grams with <paramref name="c"/> at <paramref name="k"/> (every gram
    /// when null: a short word's wildcard).</summary>
    public void Add(ulong[] set, int k, char? c)
    {
        ReadOnlySpan<ulong> add = c is { } ch ? With(k, ch) : All;
        for (int i = 0; i < set.Length; i++)
        {
            set[i] |= add[i];
        }
    }

    /// <summary>The sample's positions whose grams are in <paramref name="set"/>.</summary>
    public int Count(ReadOnlySpan<ulong> set)
    {
        int total = 0;
        for (int i = 0; i < set.Length; i++)
        {
            ulong bits = set[i];
            while (bits != 0)
            {
                int g = (i * 64) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (g < _counts.Length)
                {
                    total += _counts[g];
                }
            }
        }
        return total;
    }
}
