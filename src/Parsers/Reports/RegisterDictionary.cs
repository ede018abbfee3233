using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SolWatch.Parsers.Reports;

/// <summary>
/// Register values by name as a report printed them (<c>RAX</c> → <c>0000000000000000</c>), in ordinal order of the
/// names. Immutable; equal when the names and values are.
/// </summary>
/// <remarks>
/// Two sorted arrays rather than a sorted tree: a crash-dense console finishes a report every few dozen lines, each
/// with a register dump of twenty-odd values, and a tree's node per register cost more to build than the values.
/// </remarks>
public sealed class RegisterDictionary : IReadOnlyDictionary<string, string>, IEquatable<RegisterDictionary>
{
    // Sets this small or smaller are sorted by insertion (stable, and fast on the few dozen registers a dump prints).
    private const int InsertionSortLimit = 64;

    private readonly string[] _names;
    private readonly string[] _values;

    private RegisterDictionary(string[] names, string[] values)
    {
        _names = names;
        _values = values;
    }

    /// <summary>No registers.</summary>
    public static RegisterDictionary Empty { get; } = new([], []);

    /// <summary>The set of <paramref name="registers"/>, given in any order; of a name given twice the first value is kept
    /// (a report that prints a register again, for another context, printed the crash's first).</summary>
    public static RegisterDictionary Of(IEnumerable<KeyValuePair<string, string>> registers)
    {
        ArgumentNullException.ThrowIfNull(registers);
        KeyValuePair<string, string>[] pairs = [.. registers];
        return OfSorting(pairs);
    }

    /// <summary><see cref="Of"/> of pairs in a buffer of the caller's, which it sorts in place.</summary>
    internal static RegisterDictionary OfSorting(Span<KeyValuePair<string, string>> pairs)
    {
        if (pairs.IsEmpty)
        {
            return Empty;
        }
        foreach (KeyValuePair<string, string> p in pairs)
        {
            if (p.Key is null || p.Value is null)
            {
                throw new ArgumentException("a register has no name or no value", nameof(pairs));
            }
        }
        if (pairs.Length <= InsertionSortLimit)
        {
            SortByInsertion(pairs);
        }
        else
        {
            // OrderBy is stable: of equal names the first given stays first.
            pairs.ToArray().OrderBy(p => p.Key, StringComparer.Ordinal).ToArray().CopyTo(pairs);
        }
        int distinct = 1;
        for (int i = 1; i < pairs.Length; i++)
        {
            if (!string.Equals(pairs[i].Key, pairs[i - 1].Key, StringComparison.Ordinal))
            {
                distinct++;
            }
        }
        var names = new string[distinct];
        var values = new string[distinct];
        names[0] = pairs[0].Key;
        values[0] = pairs[0].Value;
        for (int i = 1, at = 0; i < pairs.Length; i++)
        {
            if (!string.Equals(pairs[i].Key, names[at], StringComparison.Ordinal))
            {
                names[++at] = pairs[i].Key;
                values[at] = pairs[i].Value;
            }
        }
        return new RegisterDictionary(names, values);
    }

    /// <inheritdoc />
    public int Count => _names.Length;

    /// <summary>Register names, in ordinal order.</summary>
    public IEnumerable<string> Keys => _names;

    /// <summary>Values, in the order of their names.</summary>
    public IEnumerable<string> Values => _values;

    /// <inheritdoc />
    public string this[string key] =>
        TryGetValue(key, out string? value) ? value : throw new KeyNotFoundException($"the report printed no register '{key}'");

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (int i = 0; i < _names.Length; i++)
        {
            yield return new KeyValuePair<string, string>(_names[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(RegisterDictionary? other) =>
        other is not null && _names.AsSpan().SequenceEqual(other._names) && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RegisterDictionary);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (int i = 0; i < _names.Length; i++)
        {
            hash.Add(_names[i], StringComparer.Ordinal);
            hash.Add(_values[i], StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int lo = 0, hi = _names.Length - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            int c = string.CompareOrdinal(_names[mid], key);
            if (c == 0)
            {
                return mid;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }

    private static void SortByInsertion(Span<KeyValuePair<string, string>> pairs)
    {
        // Names compared by their first four characters packed into a number, the rest only on a tie: register names
        // are short, and this sorts every report's registers.
        Span<ulong> keys = stackalloc ulong[pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            keys[i] = Prefix(pairs[i].Key);
        }
        for (int i = 1; i < pairs.Length; i++)
        {
            KeyValuePair<string, string> p = pairs[i];
            ulong key = keys[i];
            int j = i - 1;
            // Strictly greater moves: a name equal to one before it stays behind it (first given, first kept).
            while (j >= 0 && (keys[j] > key || (keys[j] == key && string.CompareOrdinal(pairs[j].Key, p.Key) > 0)))
            {
                pairs[j + 1] = pairs[j];
                keys[j + 1] = keys[j];
                j--;
            }
            pairs[j + 1] = p;
            keys[j + 1] = key;
        }
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
