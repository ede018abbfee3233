using System.Globalization;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>A register value as scan, the API and the tables print it: "0x" and hex digits.</summary>
internal static class RegisterHex
{
    /// <summary>"0x" and the value in hex (zero-padded to <paramref name="digits"/>), or null.</summary>
    public static string? Of(ulong? value, int digits) =>
        value is { } v ? "0x" + v.ToString(digits > 0 ? "x" + digits.ToString(CultureInfo.InvariantCulture) : "x", CultureInfo.InvariantCulture) : null;
}
