using System.Runtime.InteropServices;

namespace SolWatch.ConsoleCapture.Collectors;

/// <summary>
/// Which file (or device node) a path names right now: device and inode numbers, plus where a symlink leads.
/// Two identities differ when the path was replaced: a rotated log file, a re-created /dev/ttyUSB0 after a
/// replug, a socat link that now points at another pty.
/// </summary>
/// <param name="Device">st_dev.</param>
/// <param name="Inode">st_ino.</param>
/// <param name="Target">The path with every symlink resolved.</param>
internal sealed record FileIdentity(ulong Device, ulong Inode, string Target)
{
    /// <summary>The identity of what <paramref name="path"/> names now, or null when it does not exist.</summary>
    public static FileIdentity? Of(string path)
    {
        // struct stat is 144 bytes on x86_64 and 128 on arm64; st_dev and st_ino are the first two 64-bit
        // fields on both (the only two Linux ABIs SolWatch ships for). .NET has no public API for the inode.
        byte[] buffer = new byte[256];
        if (NativeMethods.Stat(path, buffer) != 0)
        {
            return null;
        }
        string target;
        try
        {
            target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            target = Path.GetFullPath(path);
        }
        return new FileIdentity(BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8), target);
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "stat", SetLastError = true, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
    }
}
