using System.Runtime.InteropServices;

namespace SolWatch.Storage.Transcripts;

/// <summary>
/// Which file a path names right now: its device and inode numbers. A transcript file opened earlier and a path that
/// now names another node (or none) mean the file or its directory was deleted or replaced under the writer: its
/// writes go on into an unlinked file that nobody can read.
/// </summary>
/// <param name="Device">st_dev.</param>
/// <param name="Inode">st_ino.</param>
internal readonly record struct FileNode(ulong Device, ulong Inode)
{
    /// <summary>The node <paramref name="path"/> names now, or null when it does not exist (or cannot be examined).</summary>
    public static FileNode? Of(string path)
    {
        // struct stat is 144 bytes on x86_64 and 128 on arm64; st_dev and st_ino are the first two 64-bit fields on
        // both (the only two Linux ABIs SolWatch ships for). .NET has no public API for the inode.
        Span<byte> buffer = stackalloc byte[256];
        if (NativeMethods.Stat(path, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return null;
        }

        return new FileNode(BitConverter.ToUInt64(buffer), BitConverter.ToUInt64(buffer[8..]));
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "stat", SetLastError = true, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref byte buffer);
    }
}
