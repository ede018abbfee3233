namespace SolWatch.Parsers.Grammar;

/// <summary>
/// The lookup behind the parsers' fixed caches (<see cref="NameCache"/>, the frame and skip-pattern caches of the
/// detector): a table of immutable entries where a hash picks a few neighbouring slots.
/// </summary>
/// <remarks>
/// Why this shape: these caches are asked on every line or frame by the detectors of many consoles at once. A slot
/// holds a whole reference or none and an entry never changes, so readers need no lock and can never see half an
/// entry; every hit is checked against the key itself, so a race or a collision costs a fresh entry (which then takes
/// a free slot of the set, or one chosen by the hash), never a wrong answer. The memory is fixed, and keys chosen to
/// collide cause misses, not slowness.
/// </remarks>
internal static class SlotTable
{
    /// <summary>The entry of <paramref name="table"/> that <paramref name="matches"/> <paramref name="key"/> among the
    /// <paramref name="ways"/> slots <paramref name="hash"/> picks, else a new one from <paramref name="make"/>, stored.</summary>
    /// <remarks><paramref name="table"/>'s length and <paramref name="ways"/> are powers of two.</remarks>
    public static T GetOrAdd<T, TKey>(T?[] table, int ways, int hash, TKey key, Func<T, TKey, bool> matches, Func<TKey, T> make)
        where T : class
        where TKey : allows ref struct
    {
        int first = hash & (table.Length - 1) & ~(ways - 1);
        int free = -1;
        for (int slot = first; slot < first + ways; slot++)
        {
            T? known = table[slot];
            if (known is null)
            {
                free = free < 0 ? slot : free;
            }
            else if (matches(known, key))
            {
                return known;
            }
        }
        T made = make(key);
        table[free >= 0 ? free : first + ((hash >>> 24) & (ways - 1))] = made;
        return made;
    }
}
