using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SolWatch.Parsers.Search;

/// <summary>
/// A fixed number of <see cref="Vector512{T}"/>s, each on a 64-byte (cache-line) boundary: a search that reads them on
/// every block of text pays one load each, never two for a vector split across lines (<see cref="CacheLineArray"/>).
/// </summary>
internal sealed class AlignedVectors
{
    private readonly byte[] _bytes;
    private readonly int _offset;

    /// <summary>Creates <paramref name="count"/> zero vectors.</summary>
    public AlignedVectors(int count)
    {
        Count = count;
        _bytes = CacheLineArray.Allocate<byte>(count * CacheLineArray.LineBytes, zeroed: true, out _offset);
    }

    /// <summary>How many vectors there are.</summary>
    public int Count { get; }

    /// <summary>The first vector; the others follow it (<c>Unsafe.Add(ref First, i)</c>, i below <see cref="Count"/>).</summary>
    public ref Vector512<byte> First => ref Unsafe.As<byte, Vector512<byte>>(ref _bytes[_offset]);

    /// <summary>Vector <paramref name="index"/>.</summary>
    public Vector512<byte> this[int index]
    {
        get => Unsafe.Add(ref First, Checked(index));
        set => Unsafe.Add(ref First, Checked(index)) = value;
    }

    private int Checked(int index) => (uint)index < (uint)Count ? index : throw new ArgumentOutOfRangeException(nameof(index));
}
