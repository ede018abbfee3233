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
        // Per bucket and prefix position, the sample's grams whose character there the bucket lets through.
        var through = new ulong[count, prefixLength][];
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
        foreach (var group in groups)
        {
            string prefix = group.Key;
            bool isShort = prefix.Length < prefixLength;
            int best = -1;
            double bestGrowth = double.MaxValue;
            for (int b = 0; b < count; b++)
            {
                if (members[b].Count > 0 && members[b].Any(w => words[w].Length < prefixLength) != isShort)
                {
                    continue;
                }
                double before = members[b].Count == 0 ? 0 : Cost(holds, through, sample, b, prefixLength, null);
                double growth = Cost(holds, through, sample, b, prefixLength, prefix) - before;
                if (growth < bestGrowth)
                {
                    bestGrowth = growth;
                    best = b;
                }
            }
            if (best < 0)
            {
                // Every bucket holds words of the other length: the emptiest takes them (correct, if less selective).
                best = Enumerable.Range(0, count).MinBy(b => members[b].Count);
            }
            for (int k = 0; k < prefixLength; k++)
            {
                for (int c = 0; c < 128; c++)
                {
                    holds[best, k, c] |= k >= prefix.Length || prefix[k] == c;
                }
                sample.Add(through[best, k], k, k < prefix.Length ? prefix[k] : null);
            }
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
    private static readonly Dictionary<int, SampleGrams> Samples = [];

    private static SampleGrams Sample(int length)
    {
        lock (Samples)
        {
            if (!Samples.TryGetValue(length, out SampleGrams? sample))
            {
                sample = new SampleGrams(ConsoleSample.Lines, length);
                Samples[length] = sample;
            }
            return sample;
        }
    }

    // What a bucket costs, with `added` added to it: the sample's positions it lets through (each one a comparison in
    // full on real text), and, for what the sample is too small to show, the estimated share of positions by
    // character class, scaled to the sample's size.
    private static double Cost(bool[,,] holds, ulong[,][] through, SampleGrams sample, int bucket, int prefixLength, string? added)
    {
        Span<ulong> matched = stackalloc ulong[sample.Words];
        matched.Fill(ulong.MaxValue);
        for (int k = 0; k < prefixLength; k++)
        {
            ulong[] atK = through[bucket, k];
            ReadOnlySpan<ulong> extra = added is null ? default : k < added.Length ? sample.With(k, added[k]) : sample.All;
            for (int i = 0; i < matched.Length; i++)
            {
                matched[i] &= atK[i] | (extra.IsEmpty ? 0 : extra[i]);
            }
        }
        return sample.Count(matched) + (ShareOf(holds, bucket, prefixLength, added) * sample.Positions);
    }

    // The estimated share of positions a bucket lets through, with `added` added to it.
    private static double ShareOf(bool[,,] holds, int bucket, int prefixLength, string? added)
    {
        double share = 1;
        for (int k = 0; k < prefixLength; k++)
        {
            double sum = 0;
            for (int c = 0; c < 128; c++)
            {
                if (holds[bucket, k, c] || (added is not null && (k >= added.Length || added[k] == c)))
                {
                    sum += Frequency((char)c);
                }
            }
            share *= Math.Min(1, sum);
        }
        return share;
    }

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
    private static double Frequency(char c) => c switch
    {
        ' ' => 0.15,
        >= 'a' and <= 'z' => "etaoinsrlcdhupmf".Contains(c, StringComparison.Ordinal) ? 0.05 : 0.015,
        >= '0' and <= '9' => 0.03,
        >= 'A' and <= 'Z' => 0.004,
        ':' or '.' or '[' or ']' or '-' or '_' or '=' or ',' or '(' or ')' or '/' => 0.01,
        _ => 0.002,
    };
}
