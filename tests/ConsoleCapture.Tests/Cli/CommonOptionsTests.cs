using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Cli;

/// <summary>
/// What the verbs that need a running daemon say when none answers. The first thing a new user types after
/// `solwatch run --config FILE` is `solwatch consoles`, which looks for the default database's daemon: "no daemon is
/// running for this database" named neither the database nor how to reach theirs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CommonOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-nodaemon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Without_a_daemon_for_the_default_database_the_message_names_it_and_how_to_reach_a_daemon_started_with_its_own_config()
    {
        string data = Path.Combine(_dir, "xdg");
        string database = Path.Combine(data, "solwatch", "incidents.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await File.WriteAllBytesAsync(database, []);
        using SolwatchProcess cli = SolwatchProcess.Start(["consoles"], new Dictionary<string, string> { ["XDG_DATA_HOME"] = data, ["SOLWATCH_CONFIG"] = "" });

        int code = await cli.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, code);
        Assert.Contains($"no daemon is running for {database};", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("give the same --config FILE, or --db DIR/incidents.db", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_daemon_for_a_database_given_with_db_the_message_names_it_and_gives_no_hint_about_other_options()
    {
        string database = Path.Combine(_dir, "incidents.db");
        await File.WriteAllBytesAsync(database, []);

        (int code, _, string stderr) = await SolwatchProcess.RunAsync("reload", "--db", database);

        Assert.Equal(2, code);
        Assert.Contains($"no daemon is running for {database}; there is nothing to reload", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--data-dir", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_machine_with_no_database_and_no_daemon_the_message_says_how_to_start_one_and_how_to_name_another()
    {
        string data = Path.Combine(_dir, "empty-xdg");
        using SolwatchProcess cli = SolwatchProcess.Start(["incidents", "list"], new Dictionary<string, string> { ["XDG_DATA_HOME"] = data, ["SOLWATCH_CONFIG"] = "" });

        int code = await cli.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, code);
        Assert.Contains($"no database at {Path.Combine(data, "solwatch", "incidents.db")} and no daemon running; `solwatch run` starts one", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("--config FILE (its configuration) or --db FILE", cli.Stderr, StringComparison.Ordinal);
    }
}
