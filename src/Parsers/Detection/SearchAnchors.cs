using System.Buffers;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// Chooses what a pre-filter searches for: a few short anchors that together cover a longer list of phrases.
/// </summary>
/// <remarks>
/// Why: the multi-string search (.NET's Teddy) slows down as patterns are added and as their first three characters
/// get common: each pattern's start is a fingerprint, and crowded fingerprints let through many candidates that are
/// then compared in full. One anchor such as "BUG" stands for five markers ("BUG:", "kernel BUG", "BUG kmalloc-", …),
/// so the search is cheaper and still says "maybe" for every line that holds a phrase. The answer stays a pre-filter:
/// the phrases themselves are checked after it.
/// </remarks>
internal static class SearchAnchors
{
    /// <summary>
    /// The preferred anchors that some phrase contains, plus each phrase that contains none of them: every phrase
    /// holds at least one of the result. A phrase added later is never missed, only searched for as itself.
    /// </summary>
    public static string[] Cover(IEnumerable<string> phrases, IEnumerable<string> preferred)
    {
        string[] all = [.. phrases.Distinct(StringComparer.Ordinal)];
        var used = preferred.Where(a => all.Any(p => p.Contains(a, StringComparison.Ordinal))).ToList();
        foreach (string p in all)
        {
            if (!used.Any(a => p.Contains(a, StringComparison.Ordinal)))
            {
                used.Add(p);
            }
        }
        // A pattern containing another adds nothing to the search.
        return [.. used.Where(a => !used.Any(b => a != b && a.Contains(b, StringComparison.Ordinal))).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Most anchors one search holds (<see cref="InSets"/>): two to each of Teddy's eight buckets.</summary>
    internal const int MaxPerSet = 16;

    /// <summary>
    /// <paramref name="anchors"/> as the fewest searches of at most <see cref="MaxPerSet"/> each, of sizes as even as can
    /// be, in the order listed, to be run one after the other: a text holds one of the anchors when it holds one of a set's.
    /// </summary>
    /// <remarks>
    /// <para>Why not one search: .NET's multi-string search (Teddy, the one compiled for AVX2 as the native scanner is, or
    /// AVX-512) sorts its patterns into eight buckets by the nibbles of their first three characters. Up to eight
    /// patterns each get a bucket and a position is a candidate only where a pattern's first three characters are; past
    /// that, patterns share buckets, each bucket admits every mix of its patterns' nibbles, and past about sixteen the
    /// mixes match ordinary text: more candidates, each compared with more patterns. Measured over 14 MB of boot logs in
    /// 64K-character parts (the batch pre-scan's), AVX2: the 29 tracker words as one search 3.8-6.3 ms, as two of 15 and
    /// 14 2.3 ms; a set of up to fifteen rare anchors costs a pass's floor, 0.8 ms, or a little more. Sets of eight or ten
    /// cost no less in all (more passes at the floor).</para>
    /// <para>Why even sizes: a set of one to three words is not searched by Teddy but by its first characters, and
    /// common letters make that pass cost more than a full one. When the era rules brought the header markers to 32, cut
    /// in fifteens, the last set held two ("fatal error: ", "trusty: panic"): over 16 M characters (AVX2) it cost
    /// 1.3 ms of boot logs against 3.1 ms for the other two together, and 3.4 ms of crash-dense text against 3.0, and the
    /// native AVX2 scanner's cold scan of ordinary logs fell under 800 MB/s. As two sets of sixteen, the markers cost
    /// 3.1 ms of either input, against 4.4 and 6.8 ms.</para>
    /// </remarks>
    public static SearchValues<string>[] InSets(IEnumerable<string> anchors) =>
        [.. Partition([.. anchors]).Select(set => SearchValues.Create(set, StringComparison.Ordinal))];

    /// <summary>The sets <see cref="InSets"/> searches: the fewest of at most <see cref="MaxPerSet"/>, in order, their
    /// sizes differing by one at most.</summary>
    internal static string[][] Partition(string[] anchors)
    {
        int sets = Math.Max(1, (anchors.Length + MaxPerSet - 1) / MaxPerSet);
        return [.. Enumerable.Range(0, sets).Select(i => anchors[(anchors.Length * i / sets)..(anchors.Length * (i + 1) / sets)])];
    }
}
