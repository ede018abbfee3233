using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Cli.Run;

/// <summary>
/// <c>run --api-port</c> and <c>--data-dir</c>: what a user needs to change without writing a configuration file
/// (a second demo beside a first, a port already taken), applied over the loaded configuration.
/// </summary>
internal static class RunOverrides
{
    public static LoadedConfig Apply(LoadedConfig loaded, int? apiPort, string? dataDir)
    {
        SolwatchConfig config = loaded.Config;
        if (apiPort is int port)
        {
            config = config with { Api = config.Api with { Port = port } };
        }
        if (dataDir is not null)
        {
            config = config with
            {
                Storage = config.Storage with
                {
                    Database = Path.Combine(dataDir, "incidents.db"),
                    Transcripts = Path.Combine(dataDir, "transcripts"),
                },
            };
        }
        return loaded with { Config = config };
    }
}
