using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Cli.Health;

/// <summary><c>solwatch health</c> against a real daemon: what <c>GET /api/health</c> says, for a person, with an exit code.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HealthCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-health-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Health_says_ok_while_the_daemon_stores_everything_and_degraded_with_the_reason_once_its_transcripts_are_deleted()
    {
        string config = await TestDaemon.WriteConfigAsync(_dir, """
              - name: ticker
                type: exec
                shell: "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.05; done"
            """);
        string database = TestDaemon.Database(_dir);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, database);
        await TestDaemon.WaitForLineAsync(database, "ticker", "tick 5", l => l == "tick 5");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("health", "--db", database);
        Assert.True(code == 0, $"exit {code}: {stdout}{stderr}");
        Assert.StartsWith("status:      ok\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("consoles:    1 of 1 connected", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^transcripts: [1-9][0-9]* lines written, 0 lost", stdout);

        Directory.Delete(Path.Combine(_dir, "data", "transcripts"), recursive: true);

        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (code == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"still ok a minute after the transcripts were deleted: {stdout}");
            await Task.Delay(300);
            (code, stdout, stderr) = await SolwatchProcess.RunAsync("health", "--db", database);
        }
        Assert.True(code == 1, $"exit {code}: {stdout}{stderr}");
        Assert.StartsWith("status:      degraded\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  problem:   a transcript was deleted under the daemon and recreated at ", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await SolwatchProcess.RunAsync("health", "--db", database, "--json");
        Assert.Equal(1, code);
        Assert.Contains("\"status\": \"degraded\"", stdout, StringComparison.Ordinal);

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        (code, stdout, stderr) = await SolwatchProcess.RunAsync("health", "--db", database);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"solwatch: no daemon is running for {database}; health is only known to a running daemon (solwatch run)", stderr, StringComparison.Ordinal);
    }
}
