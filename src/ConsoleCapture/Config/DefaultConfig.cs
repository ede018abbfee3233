using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// What <c>solwatch run</c> does without <c>--config</c>: data under the user's data directory, the API on
/// 127.0.0.1, and one demo console replaying a real kernel panic at serial speed — so a new user sees a console
/// stream in and an incident appear.
/// </summary>
public static class DefaultConfig
{
    /// <summary>The embedded default configuration.</summary>
    public static LoadedConfig Create() => new(
        new SolwatchConfig(
            SourceFile: null,
            new StorageConfig(DataPaths.Database, DataPaths.Transcripts),
            new RetentionConfig(TimeSpan.FromDays(30), 64L << 20, TimeSpan.FromDays(1)),
            new IncidentsConfig(ContextLines: 200, QuietPeriod: TimeSpan.FromSeconds(10)),
            new ApiConfig("127.0.0.1", ConfigLoader.DefaultApiPort),
            new LoggingConfig(Path.Combine(DataPaths.DataDirectory, "logs"), "Information"),
            [
                new ConsoleConfig("demo", "demo-vm", "replay", ReadOnly: true,
                    new ReplaySettings(null, ReplayConsoleType.DemoResource, 11520), Problem: null, LogLines: true),
            ]),
        []);
}
