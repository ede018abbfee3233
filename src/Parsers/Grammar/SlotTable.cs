namespace SolWatch.Parsers.Grammar;

/// <summary>How a <see cref="SlotTable"/> entry is told apart and made from its key. Implemented by small structs, so
/// that each table's lookup is compiled for its own entry type with the comparison inlined (a delegate per call cost
/// more than the comparison itself).</summary>
/// <typeparam name="TKey">What the entry is looked up by.</typeparam>
/// <typeparam name="T">The entry.</typeparam>
internal interface ISlotEntry<TKey, T>
    where TKey : allows ref struct
{
    /// <summary>Whether <paramref name="entry"/> is the one for <paramref name="key"/>.</summary>
    static abstract bool Matches(T entry, TKey key);

    /// <summary>A new entry for <paramref name="key"/>.</summary>
    static abstract T Make(TKey key);
}

/// <summary>
/// The lookup behind the parsers' fixed caches (<see cref="NameCache"/> and the detector's skip-pattern memo): a table
/// of immutable entries where a hash picks a few neighbouring slots.
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
    /// <summary>The entry of <paramref name="table"/> for <paramref name="key"/> among the <paramref name="ways"/> slots
    /// <paramref name="hash"/> picks, else a new one, stored.</summary>
    /// <remarks><paramref name="table"/>'s length and <paramref name="ways"/> are powers of two.</remarks>
    public static T GetOrAdd<T, TKey, TEntry>(T?[] table, int ways, int hash, TKey key)
        where T : class
        where TKey : allows ref struct
        where TEntry : struct, ISlotEntry<TKey, T>
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
            else if (TEntry.Matches(known, key))
            {
                return known;
            }
        }
        T made = TEntry.Make(key);
        table[free >= 0 ? free : first + ((hash >>> 24) & (ways - 1))] = made;
        return made;
    }
}
