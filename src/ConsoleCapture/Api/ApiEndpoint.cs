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
public sealed record ApiEndpoint(string Url, string Token, int Pid)
{
    /// <summary>A new random token (256 bits, hex).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

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
