using System.Security.Cryptography;
using System.Text;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>Random tokens and their comparison.</summary>
internal static class WebSecrets
{
    /// <summary>256 random bits, base64url (cookie- and URL-safe).</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Constant-time equality: a token's comparison must not tell how many leading characters were right.</summary>
    public static bool SameToken(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
