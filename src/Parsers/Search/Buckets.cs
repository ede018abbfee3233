using System.Collections.Concurrent;

namespace SolWatch.Parsers.Search;

/// <summary>
/// Puts the words of a <see cref="FusedWordSearch"/> into its buckets so that few positions of ordinary console text look
/// like the start of a bucket's word. A bucket lets through every position whose k-th character is the k-th character of
/// any of its words, for each k of the prefix: words that share a bucket multiply each other's chances. Each group of
/// words with the same prefix goes, in turn, to the bucket where the estimated share of positions it lets through grows
/// least.
/// </summary>
/// <remarks>
/// The estimate counts the positions of a sample of ordinary console text (<see cref="ConsoleSample"/>) a bucket lets
/// through, and adds each character's frequency in console text by class (<see cref="Frequency"/>: blanks and common
/// lower-case letters frequent, capitals, digits and punctuation rarer) for what the sample is too small to show.
/// Why the sample: by class alone, two words starting "unre" and "Inte" looked rare together, yet let through every
/// "unte" of "mounted" and every "Inte" of "Intel": 88,000 positions to compare per 33 MB of boot logs.
/// </remarks>
internal sealed class Buckets
{
    private readonly bool[,,] _holds;

    private Buckets(int[][] words, bool[,,] holds)
    {
        Words = words;
        _holds = holds;
    }

    /// <summary>The indexes of the words in each bucket.</summary>
    public int[][] Words { get; }

    /// <summary>Whether a word of <paramref name="bucket"/> has <paramref name="c"/> at position <paramref name="k"/> of its
    /// prefix (always, past the end of a word shorter than the prefix).</summary>
    public bool Holds(int bucket, int k, char c) => _holds[bucket, k, c];

    /// <summary>Assigns <paramref name="words"/> (ASCII) to <paramref name="count"/> buckets, for prefixes of
    /// <paramref name="prefixLength"/> characters.</summary>
    public static Buckets Assign(IReadOnlyList<string> words, int prefixLength, int count)
    {
        var holds = new bool[count, prefixLength, 128];
        var members = new List<int>[count];
        SampleGrams sample = Sample(prefixLength);
        // Kept per bucket as words join it, so a candidate costs a few operations: the sample's grams whose character at
        // each position the bucket lets through, the frequencies of those characters summed, and the bucket's cost.
        var through = new ulong[count, prefixLength][];
        var frequencies = new double[count, prefixLength];
        var costs = new double[count];
        for (int b = 0; b < count; b++)
        {
            members[b] = [];
            for (int k = 0; k < prefixLength; k++)
            {
                through[b, k] = new ulong[sample.Words];
            }
        }
        // Words shorter than the prefix let every character through past their end: they go first, and only with
        // each other, so they never widen a bucket of longer words.
        var groups = Enumerable.Range(0, words.Count)
            .GroupBy(w => words[w].Length >= prefixLength ? words[w][..prefixLength] : words[w], StringComparer.Ordinal)
            .OrderBy(g => g.Key.Length >= prefixLength ? 1 : 0)
            .ThenByDescending(g => Share(g.Key, prefixLength));
        Span<ulong> matched = stackalloc ulong[sample.Words];
        foreach (var group in groups)
        {
            string prefix = group.Key;
            bool isShort = prefix.Length < prefixLength;
            int best = -1;
            double bestGrowth = double.MaxValue;
            double bestCost = 0;
            for (int b = 0; b < count; b++)
            {
                if (members[b].Count > 0 && members[b].Any(w => words[w].Length < prefixLength) != isShort)
                {
                    continue;
                }
                // The bucket's cost with the prefix in it: the sample's positions it lets through, and for what the
                // sample is too small to show, the estimated share by character class, scaled to the sample's size;
                matched.Fill(ulong.MaxValue);
                double share = 1;
                for (int k = 0; k < prefixLength; k++)
                {
                    ReadOnlySpan<ulong> atK = through[b, k];
                    ReadOnlySpan<ulong> added = k < prefix.Length ? sample.With(k, prefix[k]) : sample.All;
                    for (int i = 0; i < matched.Length; i++)
                    {
                        matched[i] &= atK[i] | added[i];
                    }
                    double frequency = k >= prefix.Length ? 1
                        : frequencies[b, k] + (holds[b, k, prefix[k]] ? 0 : Frequency(prefix[k]));
                    share *= Math.Min(1, frequency);
                }
                // Times the bucket's words: each position let through is compared with every one of them.
                double cost = (sample.Count(matched) + (share * sample.Positions)) * (members[b].Count + group.Count());
                double growth = cost - (members[b].Count == 0 ? 0 : costs[b]);
                if (growth < bestGrowth)
                {
                    bestGrowth = growth;
                    bestCost = cost;
                    best = b;
                }
            }
            if (best < 0)
            {
                // Every bucket holds words of the other length: the emptiest takes them (correct, if less selective).
                best = Enumerable.Range(0, count).MinBy(b => members[b].Count);
                bestCost = costs[best];
            }
            for (int k = 0; k < prefixLength; k++)
            {
                if (k >= prefix.Length)
                {
                    for (int c = 0; c < 128; c++)
                    {
                        holds[best, k, c] = true;
                    }
                    frequencies[best, k] = 1;
                }
                else if (!holds[best, k, prefix[k]])
                {
                    holds[best, k, prefix[k]] = true;
                    frequencies[best, k] += Frequency(prefix[k]);
                }
                sample.Add(through[best, k], k, k < prefix.Length ? prefix[k] : null);
            }
            costs[best] = bestCost;
            members[best].AddRange(group);
        }
        return new Buckets([.. members.Select(m => m.ToArray())], holds);
    }

    /// <summary>
    /// Where in <paramref name="word"/> its run of <paramref name="length"/> characters least often found in console text
    /// starts (0 for a word no longer than that): the sample's count of the run, then its estimate by character class,
    /// the earliest on a tie.
    /// </summary>
    public static int RarestWindow(string word, int length)
    {
        if (word.Length <= length)
        {
            return 0;
        }
        SampleGrams sample = Sample(length);
        int best = 0;
        double bestCost = double.MaxValue;
        for (int o = 0; o + length <= word.Length; o++)
        {
            string run = word.Substring(o, length);
            double cost = sample.CountOf(run) + (Share(run, length) * sample.Positions);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = o;
            }
        }
        return best;
    }

    // The sample's grams of a length, built once.
    private static readonly ConcurrentDictionary<int, SampleGrams> Samples = new();

    private static SampleGrams Sample(int length) => Samples.GetOrAdd(length, n => new SampleGrams(ConsoleSample.Lines, n));

    // The estimated share of positions a word's prefix alone lets through.
    private static double Share(string prefix, int prefixLength)
    {
        double share = 1;
        for (int k = 0; k < Math.Min(prefix.Length, prefixLength); k++)
        {
            share *= Frequency(prefix[k]);
        }
        return share;
    }

    // Rough frequencies of characters in console text, by class.
    private static double Frequency(char c) => c < 128 ? Frequencies[c] : 0.002;

    private static readonly double[] Frequencies = [.. Enumerable.Range(0, 128).Select(c => (char)c switch
    {
        ' ' => 0.15,
        >= 'a' and <= 'z' => "etaoinsrlcdhupmf".Contains((char)c, StringComparison.Ordinal) ? 0.05 : 0.015,
        >= '0' and <= '9' => 0.03,
        >= 'A' and <= 'Z' => 0.004,
        ':' or '.' or '[' or ']' or '-' or '_' or '=' or ',' or '(' or ')' or '/' => 0.01,
        _ => 0.002,
    })];
}
