using System.Numerics;
using System.Runtime.InteropServices;

namespace SolWatch.Parsers.Grammar;

/// <summary>
/// Hands out one string per distinct name read from a span (register names, caller ids, module and hardware names): a
/// console repeats its few caller ids on every line and a kernel its module list in every report. Safe to share
/// between the detectors of many consoles; bounded, so random input cannot grow it.
/// </summary>
/// <remarks>
/// A <see cref="SlotTable"/> with two slots per hash, not a dictionary: a lookup is a short hash, two array reads and a
/// comparison, with no lock, in fixed memory. Only for small sets of names that recur: call-trace symbols went through
/// a 64K-slot table of their own until measured — with tens of thousands of distinct names the lookups missed the CPU's
/// caches, and a fresh string per frame was faster (solwatch bench scan, crash-dense input: 116 -> 123 MB/s).
/// </remarks>
internal sealed class NameCache
{
    private const int LongestCachedName = 128;

    private readonly string?[] _slots;

    /// <summary>A cache of at least <paramref name="capacity"/> slots (rounded up to a power of two).</summary>
    public NameCache(int capacity)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
        _slots = new string?[size];
    }

    /// <summary>Module names ("Modules linked in:", the same hundred in every report of a kernel).</summary>
    public static NameCache Modules { get; } = new(4_096);

    /// <summary>Register names, caller ids and other short tokens.</summary>
    public static NameCache Tokens { get; } = new(16_384);

    /// <summary>The string for <paramref name="name"/>, the same instance each time while it is remembered.</summary>
    public string Get(ReadOnlySpan<char> name)
    {
        if (name.Length > LongestCachedName)
        {
            return name.ToString();
        }
        // Two slots per hash, so that two names sharing one do not keep evicting each other.
        return SlotTable.GetOrAdd<string, ReadOnlySpan<char>, Entry>(_slots, 2, Hash(name), name);
    }

    /// <summary>A cheap hash of a name (not randomized: use it only where a collision costs a miss, not a slowdown).
    /// Every character counts: kernel names often differ only in the middle (<c>__asan_report_load1_noabort</c>,
    /// <c>…load4…</c>).</summary>
    internal static int Hash(ReadOnlySpan<char> name)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        ulong h = (ulong)name.Length;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<char, ulong>(name);
        foreach (ulong w in words)
        {
            h = (h ^ w) * Multiplier;
        }
        for (int i = words.Length * 4; i < name.Length; i++)
        {
            h = (h ^ name[i]) * Multiplier;
        }
        return (int)(h ^ (h >> 29) ^ (h >> 47));
    }

    private readonly struct Entry : ISlotEntry<ReadOnlySpan<char>, string>
    {
        public static bool Matches(string entry, ReadOnlySpan<char> key) => key.SequenceEqual(entry);

        public static string Make(ReadOnlySpan<char> key) => key.ToString();
    }
}
