namespace SolWatch.ConsoleCapture.Config;

/// <summary>"Did you mean …?" for a misspelt key, console type or choice: the nearest valid word at that place.</summary>
public static class Suggestions
{
    /// <summary>
    /// The candidate nearest to <paramref name="typo"/> by Damerau-Levenshtein distance (optimal string alignment,
    /// ignoring case), when it is near enough to be a typo: at most 1 edit for words up to 4 letters, 2 up to 8,
    /// 3 beyond; or a candidate that starts with the typo (<c>Warn</c> for <c>Warning</c>). Null when none is.
    /// </summary>
    public static string? Closest(string typo, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typo);
        ArgumentNullException.ThrowIfNull(candidates);
        if (typo.Length is 0 or > 100)
        {
            return null;
        }
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates.Order(StringComparer.Ordinal))
        {
            if (candidate.Length > 100 || string.Equals(candidate, typo, StringComparison.Ordinal))
            {
                continue;
            }
            int distance = Distance(typo.ToUpperInvariant(), candidate.ToUpperInvariant());
            int allowed = Math.Max(typo.Length, candidate.Length) switch
            {
                <= 4 => 1,
                <= 8 => 2,
                _ => 3,
            };
            bool prefix = typo.Length >= 3 && candidate.StartsWith(typo, StringComparison.OrdinalIgnoreCase);
            if ((distance <= allowed || prefix) && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary><c>; did you mean X?</c>, or nothing.</summary>
    public static string DidYouMean(string typo, IEnumerable<string> candidates) =>
        Closest(typo, candidates) is { } match ? $"; did you mean {match}?" : "";

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int width = b.Length + 1;
        int[] d = new int[(a.Length + 1) * width];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i * width] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            d[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(d[((i - 1) * width) + j] + 1, d[(i * width) + j - 1] + 1), d[((i - 1) * width) + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, d[((i - 2) * width) + j - 2] + 1);
                }
                d[(i * width) + j] = v;
            }
        }
        return d[(a.Length * width) + b.Length];
    }
}
