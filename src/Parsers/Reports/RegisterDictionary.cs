using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace SolWatch.Parsers.Reports;

/// <summary>
/// Register values by name as a report printed them (<c>RAX</c> → <c>0000000000000000</c>), in ordinal order of the
/// names. Immutable; equal when the names and values are.
/// </summary>
/// <remarks>
/// Two sorted arrays rather than a sorted tree: a crash-dense console finishes a report every few dozen lines, each
/// with a register dump of twenty-odd values, and a tree's node per register cost more to build than the values.
/// </remarks>
[JsonConverter(typeof(RegisterDictionaryJsonConverter))]
public sealed class RegisterDictionary : IReadOnlyDictionary<string, string>, IEquatable<RegisterDictionary>
{
    private readonly string[] _names;
    private readonly string[] _values;

    // Names in ordinal order (possibly shared with other sets of the same layout: never written to) and their values.
    internal RegisterDictionary(string[] names, string[] values)
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
        if (pairs.Length == 0)
        {
            return Empty;
        }
        foreach (KeyValuePair<string, string> p in pairs)
        {
            if (p.Key is null || p.Value is null)
            {
                throw new ArgumentException("a register has no name or no value", nameof(registers));
            }
        }
        return RegisterLayout.Of(pairs).With(pairs);
    }

    /// <inheritdoc />
    public int Count => _names.Length;

    /// <summary>Register names, in ordinal order.</summary>
    public IEnumerable<string> Keys => Array.AsReadOnly(_names);

    /// <summary>Values, in the order of their names.</summary>
    public IEnumerable<string> Values => Array.AsReadOnly(_values);

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
}
