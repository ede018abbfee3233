using System.Runtime.InteropServices;

namespace SolWatch.ConsoleCapture.Cli;

/// <summary>
/// Whether the process was started with its standard output closed (<c>solwatch scan log &gt;&amp;-</c>): every verb
/// writes there, and .NET's console stream then fails on the first flush with a stack trace (EBADF, seen by the
/// new-user walk). A pipe whose reader went away (<c>| head</c>) is not this: .NET ignores EPIPE on the console.
/// </summary>
internal static class ClosedStandardOutput
{
    // include/uapi/asm-generic/fcntl.h: F_GETFL, O_ACCMODE, O_RDONLY.
    private const int GetStatusFlags = 3;
    private const int AccessModeMask = 3;
    private const int ReadOnly = 0;

    /// <summary>The message and exit code for it, as for any other unusable input (exit 2).</summary>
    private const string Message = "solwatch: standard output is closed; give it a file, a pipe or /dev/null (e.g. > /dev/null)";

    /// <summary>When <see cref="IsClosed"/>: says so on standard error and returns true (the caller exits 2).</summary>
    public static bool Refused()
    {
        if (!IsClosed())
        {
            return false;
        }
        Console.Error.WriteLine(Message);
        return true;
    }

    /// <summary>True when descriptor 1 is not open for writing (Linux; elsewhere never).</summary>
    /// <remarks>Not open at all, or open for reading only: a process started with descriptor 1 closed hands it to the
    /// first file it opens (the runtime opens its own files before Main), and writes to it then fail with EBADF too.</remarks>
    public static bool IsClosed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        int flags = NativeMethods.Fcntl(1, GetStatusFlags);
        return flags == -1 || (flags & AccessModeMask) == ReadOnly;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        public static extern int Fcntl(int descriptor, int command);
    }
}
