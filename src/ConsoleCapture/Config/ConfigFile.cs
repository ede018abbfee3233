using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// Reads a configuration file's text, refusing what is not one before it costs anything: a directory, a device
/// (/dev/zero would be read forever), a FIFO (open(2) would wait for a writer forever), a file over
/// <see cref="ConfigLimits.MaxFileBytes"/>, text that is not UTF-8. Every refusal is a located error.
/// </summary>
internal static class ConfigFile
{
    private const string GiveTheFile = "give the path of the YAML configuration file";

    /// <summary>The text of <paramref name="path"/> (a UTF-8 byte order mark dropped); throws <see cref="ConfigException"/>.</summary>
    public static string Read(string path)
    {
        if (path.Length == 0)
        {
            throw new ConfigException("the configuration's path is empty; give the path of the YAML configuration file");
        }
        long? size;
        try
        {
            size = CheckKind(path);
        }
        catch (ArgumentException e)
        {
            throw Refuse(path, $"is not a usable path: {e.Message}");
        }
        if (size > ConfigLimits.MaxFileBytes)
        {
            throw Refuse(path, TooLarge(size.Value));
        }
        byte[] bytes;
        try
        {
            bytes = ReadAtMost(path, ConfigLimits.MaxFileBytes);
        }
        catch (FileNotFoundException)
        {
            throw Refuse(path, "the file does not exist (configs/solwatch.example.yaml is one to start from)");
        }
        catch (DirectoryNotFoundException)
        {
            throw Refuse(path, $"the file does not exist, nor does its directory {Path.GetDirectoryName(Path.GetFullPath(path))} " +
                "(configs/solwatch.example.yaml is one to start from)");
        }
        catch (UnauthorizedAccessException)
        {
            // .NET's own words ("Access to the path '…' is denied.") repeat the path and say nothing of whose access.
            throw Refuse(path, $"permission denied for user {Environment.UserName}; run as a user that can read it (the daemon reads it as its own user), or let that user read it");
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            throw Refuse(path, $"cannot be read: {e.Message}");
        }
        if (bytes.Length > ConfigLimits.MaxFileBytes)
        {
            // The file grew after it was measured, or it does not tell its size (a /proc file).
            throw Refuse(path, TooLarge(null));
        }
        return Decode(path, bytes);
    }

    private static string TooLarge(long? size) => size is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"the file is {s / (double)(1 << 20):0.#} MiB; a configuration is at most {ConfigLimits.MaxFileBytes >> 20} MiB (is this the right file?)")
        : $"the file is over {ConfigLimits.MaxFileBytes >> 20} MiB; a configuration is at most that (is this the right file?)";

    private static byte[] ReadAtMost(string path, int max)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        byte[] buffer = new byte[Math.Min(max + 1, stream.CanSeek ? (int)Math.Min(stream.Length + 1, max + 1) : max + 1)];
        int total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > max)
                {
                    return buffer;
                }
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, max + 1));
            }
            int n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                return buffer[..total];
            }
            total += n;
        }
    }

    private static string Decode(string path, byte[] bytes)
    {
        ReadOnlySpan<byte> text = bytes;
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }
        else if (text.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) || text.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            throw Refuse(path, "the file is UTF-32 text; save it as UTF-8");
        }
        else if (text.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || text.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw Refuse(path, "the file is UTF-16 text; save it as UTF-8");
        }
        char[] chars = new char[text.Length];
        if (Utf8.ToUtf16(text, chars, out int read, out int written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            throw At(path, chars.AsSpan(0, written),
                string.Create(CultureInfo.InvariantCulture, $"the file is not UTF-8 text (byte 0x{text[read]:X2} here); save it as UTF-8"));
        }
        // A raw control character in a configuration is a wrong file or a hidden trick: YamlDotNet keeps a NUL inside
        // a plain value, and .NET reads "1\0" as the number 1. An escape in quotes ("\e") is how to write one.
        int control = chars.AsSpan(0, written).IndexOfAnyInRange('\0', '\x1f');
        while (control >= 0 && chars[control] is '\t' or '\n' or '\r')
        {
            int next = chars.AsSpan(control + 1, written - control - 1).IndexOfAnyInRange('\0', '\x1f');
            control = next < 0 ? -1 : control + 1 + next;
        }
        if (control >= 0)
        {
            throw At(path, chars.AsSpan(0, control),
                string.Create(CultureInfo.InvariantCulture, $"the file holds a control character (\\x{(int)chars[control]:X2}) here; a configuration is text (is this the right file?)"));
        }
        return new string(chars, 0, written);
    }

    /// <summary>An error at the character after <paramref name="before"/>, by line and column.</summary>
    private static ConfigException At(string path, ReadOnlySpan<char> before, string message)
    {
        int line = before.Count('\n') + 1;
        int column = before.Length - before.LastIndexOf('\n');
        return new ConfigException([new ConfigError(path, line, column, "", message)]);
    }

    /// <summary>Refuses what is not a regular file; returns the size when known (null where statx(2) is not available).</summary>
    private static long? CheckKind(string path)
    {
        byte[] buffer = new byte[256];
        int result;
        try
        {
            result = OperatingSystem.IsLinux() ? NativeMethods.Statx(AtFdCwd, path, 0, StatxType | StatxSize, buffer) : -2;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // A libc without statx (glibc before 2.28): the bounded read below still holds.
            return null;
        }
        if (result != 0)
        {
            // Not found, not permitted and the like: opening the file says it in .NET's words.
            return null;
        }
        // struct statx has one layout on every architecture: stx_mode is the u16 at 28, stx_size the u64 at 40.
        int type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28)) & 0xF000;
        string? refusal = type switch
        {
            0x8000 => null,
            0x4000 => $"is a directory, not a file; {GiveTheFile}",
            0x2000 => $"is a character device, not a regular file; {GiveTheFile}",
            0x6000 => $"is a block device, not a regular file; {GiveTheFile}",
            0x1000 => $"is a FIFO (named pipe), not a regular file; {GiveTheFile}",
            0xC000 => $"is a socket, not a regular file; {GiveTheFile}",
            _ => $"is not a regular file; {GiveTheFile}",
        };
        if (refusal is not null)
        {
            throw Refuse(path, refusal);
        }
        return (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(40));
    }

    private static ConfigException Refuse(string path, string message) => new([new ConfigError(path, 1, 1, "", message)]);

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
    }
}
