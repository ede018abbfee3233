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
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;

    /// <summary>What <paramref name="path"/> names; null for a missing path, or where statx(2) cannot tell.</summary>
    public static PathKind? Of(string path)
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
            0x8000 => PathKind.RegularFile,
            0x4000 => PathKind.Directory,
            0x2000 => PathKind.CharacterDevice,
            0x6000 => PathKind.BlockDevice,
            0x1000 => PathKind.Fifo,
            0xC000 => PathKind.Socket,
            _ => PathKind.Other,
        };
    }

    /// <summary>"a directory", "a character device"…; null for a regular file, a missing path, or where statx(2) cannot tell.</summary>
    public static string? NotRegular(string path) => Of(path) is { } kind && kind != PathKind.RegularFile ? Describe(kind) : null;

    /// <summary>The kind as a message says it: "a regular file", "a directory", "a FIFO (named pipe)"…</summary>
    public static string Describe(PathKind kind) => kind switch
    {
        PathKind.RegularFile => "a regular file",
        PathKind.Directory => "a directory",
        PathKind.CharacterDevice => "a character device",
        PathKind.BlockDevice => "a block device",
        PathKind.Fifo => "a FIFO (named pipe)",
        PathKind.Socket => "a socket",
        _ => "not a regular file",
    };

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
    }
}

/// <summary>The file types of stat(2)'s st_mode.</summary>
public enum PathKind
{
    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A character device (a serial port, /dev/null).</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>A FIFO (named pipe).</summary>
    Fifo,

    /// <summary>A socket.</summary>
    Socket,

    /// <summary>A type statx reported that none of the above is.</summary>
    Other,
}
