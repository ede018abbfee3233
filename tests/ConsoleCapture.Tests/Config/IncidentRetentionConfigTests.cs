using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Tests.Config;

/// <summary><c>storage.retention</c>: the incident database's limits and repeat window.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IncidentRetentionConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-config-").FullName;
    private readonly ConfigLoader _loader = new(ConsoleTypeRegistry.Default.With(new TestConsoleType()));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LoadedConfig Parse(string yaml) => _loader.Parse(yaml, "solwatch.yaml", _dir);

    [Fact]
    public void The_retention_keys_are_read_and_default_to_no_limit_and_a_day_long_repeat_window()
    {
        IncidentRetentionConfig set = Parse("""
            storage:
              retention:
                maxDatabaseMB: 512
                maxAgeDays: 365
                repeatWindow: 2h
            consoles: []
            """).Config.Storage.Retention;
        Assert.Equal(new IncidentRetentionConfig(512, 365, TimeSpan.FromHours(2)), set);

        IncidentRetentionConfig unset = Parse("consoles: []\n").Config.Storage.Retention;
        Assert.Equal(new IncidentRetentionConfig(null, null, TimeSpan.FromHours(24)), unset);
    }

    [Fact]
    public void A_bad_or_unknown_retention_key_is_an_error_naming_it()
    {
        ConfigException e = Assert.Throws<ConfigException>(() => Parse("""
            storage:
              retention:
                maxDatabaseMB: 0
                maxAge: 30d
            consoles: []
            """));
        string all = string.Join("\n", e.Errors.Select(x => x.ToString()));
        Assert.Contains("storage.retention.maxDatabaseMB", all, StringComparison.Ordinal);
        Assert.Contains("storage.retention.maxAge", all, StringComparison.Ordinal);
    }
}
