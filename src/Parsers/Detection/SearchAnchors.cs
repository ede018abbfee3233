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
}
