using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SolWatch.Storage.Files;

/// <summary>
/// What a path names when it is not a regular file: .NET's File.Exists is true for a device and false for a
/// directory, so a database path naming /dev/null was taken for an empty file (LiteDB then failed with "Sequence
/// contains no elements") and one naming a directory for a missing file ("Access to the path … is denied").
/// Public for the collectors: a serial console's device that is a regular file.
/// </summary>
public static class FileKind
{
    /// <summary>What a regular file is called by <see cref="Describe"/>.</summary>
    public const string RegularFile = "a regular file";

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;

    /// <summary>"a directory", "a character device"…; null for a regular file, a missing path, or where statx(2) cannot tell.</summary>
    public static string? NotRegular(string path) => Describe(path) is var kind && kind == RegularFile ? null : kind;

    /// <summary>"a regular file", "a directory", "a character device"…; null for a missing path, or where statx(2) cannot tell.</summary>
    public static string? Describe(string path)
    {
        byte[] buffer = new byte[256];
        int result;
        try
        {
            result = OperatingSystem.IsLinux() ? NativeMethods.Statx(AtFdCwd, path, 0, StatxType, buffer) : -1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        if (result != 0)
        {
            return null;
        }
        // struct statx has one layout on every architecture: stx_mode is the u16 at offset 28.
        return (BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28)) & 0xF000) switch
        {
            0x8000 => RegularFile,
            0x4000 => "a directory",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a FIFO (named pipe)",
            0xC000 => "a socket",
            _ => "not a regular file",
        };
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
    }
}
