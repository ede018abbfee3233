using System.Net.Http.Json;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>The transcripts root deleted under the running daemon (an operator's rm -rf, a cleanup job).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TranscriptDeletedDaemonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-rmrf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Deleting_the_transcripts_root_is_noticed_recreated_with_a_gap_logged_once_and_health_says_degraded()
    {
        string config = await TestDaemon.WriteConfigAsync(_dir, """
              - name: ticker
                type: exec
                shell: "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.05; done"
            """);
        string database = TestDaemon.Database(_dir);
        string transcripts = Path.Combine(_dir, "data", "transcripts");
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, database);
        await TestDaemon.WaitForLineAsync(database, "ticker", "tick 5", l => l == "tick 5");
        ApiEndpoint endpoint = ApiEndpoint.TryRead(DataPaths.TokenFileFor(database))!;
        using var api = new HttpClient { BaseAddress = new Uri(endpoint.Url) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", endpoint.Token);
        Assert.Equal("ok", (await api.GetFromJsonAsync<JsonElement>("/api/health")).GetProperty("status").GetString());

        Directory.Delete(transcripts, recursive: true);

        JsonElement health = default;
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            health = await api.GetFromJsonAsync<JsonElement>("/api/health");
            if (health.GetProperty("transcripts").GetProperty("disrupted").GetBoolean())
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal(1, health.GetProperty("transcripts").GetProperty("recreated").GetInt64());
        Assert.Contains("was deleted or replaced", health.GetProperty("transcripts").GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // New lines land in the recreated files, after a gap; the raw transcript (kept for exec consoles) too.
        string current = Path.Combine(transcripts, "ticker", "current.log");
        string[] lines = [];
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!(lines.Length > 0 && lines[0].Contains(" ! gap: ", StringComparison.Ordinal) && lines.Count(l => l.Contains(" | tick ", StringComparison.Ordinal)) >= 5))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no gap and new ticks in {current}: {string.Join(" / ", lines)}");
            await Task.Delay(200);
            lines = File.Exists(current) ? await File.ReadAllLinesAsync(current) : [];
        }
        Assert.Contains("transcript deleted while capturing", lines[0], StringComparison.Ordinal);
        string raw = Path.Combine(transcripts, "ticker", "current.raw");
        Assert.True(File.Exists(raw), "the raw transcript is recreated too");
        Assert.Contains("transcript deleted while capturing", await File.ReadAllTextAsync(raw + ".idx"), StringComparison.Ordinal);

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        int logged = 0;
        foreach (string log in Directory.EnumerateFiles(Path.Combine(_dir, "logs")))
        {
            logged += File.ReadLines(log).Count(l => l.Contains("while solwatch was writing to it", StringComparison.Ordinal));
        }
        Assert.Equal(1, logged); // once per event, not per check or line
    }
}
