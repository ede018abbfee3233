using System.Security.Cryptography;
using System.Text;

namespace SolWatch.Storage.Transcripts;

/// <summary>
/// Turns a console name (any string: <c>bmc/rack3:sol</c>, <c>..</c>, <c>ttyS0</c>) into one safe directory name.
/// Names made of <c>[A-Za-z0-9._-]</c> stay as they are; any other name gets its unsafe characters replaced and
/// a hash of the original appended, so two different consoles never share a directory.
/// </summary>
internal static class ConsoleDirectoryName
{
    private const int MaxReadableLength = 64;

    public static string For(string console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var safe = new StringBuilder(Math.Min(console.Length, MaxReadableLength));
        foreach (var c in console)
        {
            if (safe.Length == MaxReadableLength)
            {
                break;
            }

            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        var unchanged = safe.Length == console.Length && safe.ToString() == console;
        if (unchanged && console is not ("" or "." or "..") && console[0] != '.' && console[0] != '-')
        {
            return console;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(console));
        // Never starting with '.', '-' or '~' (hidden, an option, a home directory in a shell).
        var readable = safe.ToString().TrimStart('.', '-');
        return $"{(readable.Length == 0 ? "console" : readable)}~{Convert.ToHexStringLower(hash, 0, 4)}";
    }
}
