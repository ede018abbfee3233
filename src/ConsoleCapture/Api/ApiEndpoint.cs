using System.Security.Cryptography;
using System.Text.Json;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// Where the running daemon's API is and the bearer token to use: written at start into a 0600 file next to the
/// database (<see cref="DataPaths.TokenFileFor"/>), read by the CLI, deleted at clean shutdown.
/// </summary>
/// <param name="Url">Base URL, e.g. <c>http://127.0.0.1:7410</c>.</param>
/// <param name="Token">Bearer token (random, new at every start).</param>
/// <param name="Pid">The daemon's process id.</param>
/// <param name="ProcessStart">When the daemon's process started (<see cref="LinuxProcess.StartTime"/>), so that a CLI
/// tells the daemon from a later process that got its pid; null when unknown (older daemons, no /proc).</param>
public sealed record ApiEndpoint(string Url, string Token, int Pid, long? ProcessStart = null)
{
    /// <summary>The unauthenticated route where the daemon proves it knows the token (<see cref="Proof"/>).</summary>
    public const string HelloPath = "/api/hello";

    /// <summary>A new random token (256 bits, hex).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new challenge for <see cref="HelloPath"/> (256 bits, hex).</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The daemon's answer to <paramref name="nonce"/>: HMAC-SHA256 keyed with the token over a fixed label and the
    /// nonce, in hex. Only a process that knows the token can give it, and it tells nothing about the token.
    /// </summary>
    public static string Proof(string token, string nonce)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(nonce);
        return Convert.ToHexStringLower(HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes("solwatch-daemon-proof:" + nonce)));
    }

    /// <summary>Whether <paramref name="nonce"/> is one a CLI sends (hex, 32 to 128 digits); others are refused unanswered.</summary>
    public static bool IsNonce(string? nonce) =>
        nonce is { Length: >= 32 and <= 128 } && nonce.All(char.IsAsciiHexDigit);

    /// <summary>Writes the endpoint file (0600, replaced atomically).</summary>
    public void Write(string path) => PrivateDirectory.WriteSecretFile(path, JsonSerializer.Serialize(this, ApiJson.Options));

    /// <summary>Reads the endpoint file, or null when there is none (no daemon ran, or it stopped cleanly).</summary>
    public static ApiEndpoint? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ApiEndpoint>(File.ReadAllText(path), ApiJson.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The endpoint without its token (for logs and messages).</summary>
    public override string ToString() => $"{Url} (pid {Pid})";
}
