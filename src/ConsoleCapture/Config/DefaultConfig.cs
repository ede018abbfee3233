namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// What <c>solwatch run</c> does without <c>--config</c>: data under the user's data directory, the API on
/// 127.0.0.1, and one demo console replaying a real kernel panic at serial speed — so a new user sees a console
/// stream in and an incident appear.
/// </summary>
public static class DefaultConfig
{
    /// <summary>The embedded default configuration, its data in <paramref name="dataDirectory"/> (default: the user's).</summary>
    public static LoadedConfig Create(string? dataDirectory = null)
    {
        string data = dataDirectory ?? DataPaths.DataDirectory;
        return new(
            new SolwatchConfig(
                SourceFile: null,
                new StorageConfig(Path.Combine(data, "incidents.db"), Path.Combine(data, "transcripts")),
                new RetentionConfig(TimeSpan.FromDays(30), 64L << 20, TimeSpan.FromDays(1)),
                new IncidentsConfig(ContextLines: 200, QuietPeriod: TimeSpan.FromSeconds(10)),
                new ApiConfig("127.0.0.1", ConfigLoader.DefaultApiPort),
                new LoggingConfig(Path.Combine(data, "logs"), "Information"),
                [
                    new ConsoleConfig("demo", "demo-vm", "replay", ReadOnly: true,
                        new Hosting.Demo.DemoSettings(BytesPerSecond: 11520), Problem: null, LogLines: true),
                ]),
            []);
    }
}
