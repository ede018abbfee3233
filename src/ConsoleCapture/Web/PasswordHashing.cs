using Microsoft.AspNetCore.Identity;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// Password hashes in ASP.NET Core Identity's format (version 3: PBKDF2 with HMAC-SHA512, a random 128-bit salt and
/// the iteration count inside the hash, base64), so a users file can also be written by any tool that speaks it.
/// </summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>A new hash of <paramref name="password"/> (a new salt every time).</summary>
    public static string Hash(string password) => Hasher.HashPassword("", password);

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="hash"/> was made from; false for a malformed hash.</summary>
    public static bool Verify(string hash, string password)
    {
        try
        {
            return Hasher.VerifyHashedPassword("", hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="hash"/> looks like a hash of this format (base64, version byte 1 = Identity v3).</summary>
    public static bool IsWellFormed(string hash)
    {
        Span<byte> bytes = stackalloc byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out int n) && n >= 13 + 16 + 32 && bytes[0] == 0x01;
    }
}
