using System.Runtime.InteropServices;

namespace SolWatch.Parsers.Search;

/// <summary>
/// Arrays whose element at a returned start index lies on a 64-byte (cache-line) boundary: pinned, so the boundary
/// found once stays one, and over-allocated by a line to leave room to align. Vector searches that read such data a
/// cache line at a time then pay one load per vector, never two for one split across lines.
/// </summary>
internal static class CacheLineArray
{
    /// <summary>Bytes in a cache line.</summary>
    public const int LineBytes = 64;

    /// <summary>A pinned array with at least <paramref name="length"/> elements from <paramref name="start"/> on,
    /// element <paramref name="start"/> on a 64-byte boundary; its contents are not cleared unless
    /// <paramref name="zeroed"/>.</summary>
    public static T[] Allocate<T>(int length, bool zeroed, out int start)
        where T : unmanaged
    {
        int size = Marshal.SizeOf<T>();
        int spare = (LineBytes / size) - 1;
        T[] array = zeroed
            ? GC.AllocateArray<T>(length + spare, pinned: true)
            : GC.AllocateUninitializedArray<T>(length + spare, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0).ToInt64();
        start = (int)(((LineBytes - (address % LineBytes)) % LineBytes) / size);
        return array;
    }
}
