using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Cli.Client;

/// <summary>Finds the data for a CLI verb: the daemon's API when it runs, else the database file.</summary>
internal static class DaemonData
{
    /// <summary>The system-wide configuration the systemd unit uses.</summary>
    public const string SystemConfig = "/etc/solwatch/solwatch.yaml";

    /// <summary>
    /// The configuration that tells where the database is: <paramref name="given"/>, else $SOLWATCH_CONFIG, else
    /// <see cref="SystemConfig"/> when it exists and the user has no database of their own; null for the defaults.
    /// </summary>
    public static string? ConfigFile(string? given)
    {
        if (given is not null)
        {
            return given;
        }
        if (Environment.GetEnvironmentVariable("SOLWATCH_CONFIG") is { Length: > 0 } env)
        {
            return env;
        }
        return !File.Exists(DataPaths.Database) && File.Exists(SystemConfig) ? SystemConfig : null;
    }

    /// <summary>
    /// The daemon whose token file sits next to <paramref name="database"/> (default: the user's data directory) when
    /// it answers and proves it is the daemon that wrote the file (<see cref="DaemonIdentity"/>); otherwise the file
    /// itself. A daemon killed with -9 leaves its token file behind: it does not answer (or another process listens
    /// on its port and cannot prove it knows the token, so it is sent nothing), so the file is opened.
    /// </summary>
    public static async Task<IDaemonData> OpenAsync(string? database, string? transcripts, CancellationToken ct)
    {
        string db = Path.GetFullPath(database ?? DataPaths.Database);
        string tokenFile = DataPaths.TokenFileFor(db);
        if (ApiEndpoint.TryRead(tokenFile) is { } endpoint)
        {
            (DaemonClient? client, string? refused) = await DaemonClient.TryConnectAsync(endpoint, tokenFile, ct);
            if (client is not null)
            {
                return client;
            }
            if (refused is not null)
            {
                await System.Console.Error.WriteLineAsync($"solwatch: {refused}; using the database file instead.");
            }
        }
        return DatabaseFile.Open(db, transcripts ?? (database is null ? DataPaths.Transcripts : Path.Combine(Path.GetDirectoryName(db)!, "transcripts")));
    }
}
