namespace SolWatch.Parsers.Reports;

/// <summary>
/// How a register dump's names, in the order printed, sort into a <see cref="RegisterDictionary"/>: the names in
/// ordinal order, each with the printed position whose value it keeps (the first of a name printed twice).
/// </summary>
/// <remarks>
/// A console prints its registers in the same order in every report (x86: RIP, RSP, EFLAGS, ORIG_RAX, RAX, RBX, …), so a
/// detector keeps the last layout and only sorts again when the names change: sorting twenty-odd names was a few
/// percent of a crash-dense scan, and matching them against the last layout costs a comparison per name.
/// </remarks>
internal sealed class RegisterLayout
{
    // Layouts this small or smaller are sorted by insertion (stable, and fast on the few dozen names a dump prints).
    private const int InsertionSortLimit = 64;

    private readonly string[] _printed;
    private readonly string[] _sorted;
    private readonly int[] _sourceOf;

    private RegisterLayout(string[] printed, string[] sorted, int[] sourceOf)
    {
        _printed = printed;
        _sorted = sorted;
        _sourceOf = sourceOf;
    }

    /// <summary>The layout of <paramref name="pairs"/>' names (at least one; no null names).</summary>
    public static RegisterLayout Of(ReadOnlySpan<KeyValuePair<string, string>> pairs)
    {
        var printed = new string[pairs.Length];
        for (int i = 0; i < printed.Length; i++)
        {
            printed[i] = pairs[i].Key;
        }
        int[] order = SortedPositions(printed);
        int distinct = 1;
        for (int i = 1; i < order.Length; i++)
        {
            if (!string.Equals(printed[order[i]], printed[order[i - 1]], StringComparison.Ordinal))
            {
                distinct++;
            }
        }
        var sorted = new string[distinct];
        var sourceOf = new int[distinct];
        sorted[0] = printed[order[0]];
        sourceOf[0] = order[0];
        for (int i = 1, at = 0; i < order.Length; i++)
        {
            // Equal names sort in printed order: the first of them is the one kept.
            if (!string.Equals(printed[order[i]], sorted[at], StringComparison.Ordinal))
            {
                sorted[++at] = printed[order[i]];
                sourceOf[at] = order[i];
            }
        }
        return new RegisterLayout(printed, sorted, sourceOf);
    }

    /// <summary>Whether <paramref name="pairs"/> name the same registers in the same order as this layout.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, string>> pairs)
    {
        if (pairs.Length != _printed.Length)
        {
            return false;
        }
        for (int i = 0; i < pairs.Length; i++)
        {
            // Register names come from the name cache: the same name is nearly always the same string.
            string name = pairs[i].Key;
            if (!ReferenceEquals(name, _printed[i]) && !string.Equals(name, _printed[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The registers of <paramref name="pairs"/>, which this layout <see cref="Matches"/>.</summary>
    public RegisterDictionary With(ReadOnlySpan<KeyValuePair<string, string>> pairs)
    {
        var values = new string[_sorted.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = pairs[_sourceOf[i]].Value;
        }
        return new RegisterDictionary(_sorted, values);
    }

    // The printed positions in ordinal order of their names, equal names in printed order.
    private static int[] SortedPositions(string[] names)
    {
        int[] order = new int[names.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        if (names.Length > InsertionSortLimit)
        {
            // OrderBy is stable.
            return [.. order.OrderBy(i => names[i], StringComparer.Ordinal)];
        }
        // Names compared by their first four characters packed into a number, the rest only on a tie.
        Span<ulong> keys = stackalloc ulong[names.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = Prefix(names[i]);
        }
        for (int i = 1; i < order.Length; i++)
        {
            int position = order[i];
            ulong key = keys[position];
            int j = i - 1;
            // Only strictly greater names move: an equal one stays behind the earlier printed.
            while (j >= 0 && (keys[order[j]] > key || (keys[order[j]] == key && string.CompareOrdinal(names[order[j]], names[position]) > 0)))
            {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = position;
        }
        return order;
    }

    // The first four characters, the first in the highest bits: ordered as the names' ordinal order of those
    // characters (a shorter name is padded with zeros, which order before any character, as the shorter name does).
    private static ulong Prefix(string name)
    {
        ulong key = 0;
        for (int i = 0; i < 4; i++)
        {
            key = (key << 16) | (i < name.Length ? name[i] : 0u);
        }
        return key;
    }
}
