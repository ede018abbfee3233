using System.Net;
using System.Text.Json;
using SolWatch.ConsoleCapture.Hosting;
using SolWatch.ConsoleCapture.Tests.Api;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// Reloading a running daemon's configuration (solwatch reload, SIGHUP, PUT /api/config) against real TCP console
/// servers (<see cref="LinePeer"/>): each peer counts the connections it accepts, so "kept its connection" means the
/// peer saw no reconnect, and its numbered lines show whether any was lost.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReloadDaemonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_reload_under_load_starts_new_consoles_stops_removed_ones_restarts_changed_ones_and_the_others_keep_their_connection_and_every_line()
    {
        await using var keep = new LinePeer("keep");
        await using var gone = new LinePeer("gone");
        await using var changed = new LinePeer("changed");
        await using var added = new LinePeer("added");
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, string.Join('\n', keep.Entry(), gone.Entry(), changed.Entry()));
        foreach (string name in new[] { "keep", "gone", "changed" })
        {
            await daemon.WaitForConnectedAsync(name);
        }
        // Under load: keep prints a line every millisecond (as fast as the timer goes) before, during and after the reload.
        keep.StartStreaming(TimeSpan.FromMilliseconds(1));
        // gone prints 500 lines and half a line, then nothing: all of it must be in its transcript once it is removed,
        // the half line too (received, so captured).
        await gone.WriteBurstAsync(500, partial: "gone's last words without a line end");
        await WaitForBytesAsync(daemon, "gone", gone.BytesWritten);
        await changed.WriteBurstAsync(10);
        await WaitForBytesAsync(daemon, "changed", changed.BytesWritten);

        // The new file: keep's entry moved and re-indented with a comment (the same console), changed's connectTimeout
        // changed, gone removed, added new.
        await TestDaemon.WriteConfigAsync(_dir, $"""
              - {added.Entry().TrimStart()[2..]}
              # the same console, written differently
              - name: keep
                type: tcp
                address: 127.0.0.1
                port: {keep.Port}
            {changed.Entry(", connectTimeout: 7s")}
            """);
        (int code, string stdout, string stderr) = await daemon.CliAsync(TimeSpan.FromMinutes(2), "reload");
        Assert.True(code == 0, $"solwatch reload failed ({code}): {stderr}{stdout}");
        Assert.Contains("started: added", stdout, StringComparison.Ordinal);
        Assert.Contains("stopped: gone", stdout, StringComparison.Ordinal);
        Assert.Contains("restarted: changed", stdout, StringComparison.Ordinal);
        Assert.Contains("1 unchanged", stdout, StringComparison.Ordinal);

        await daemon.WaitForConnectedAsync("added");
        await daemon.WaitForConnectedAsync("changed");
        await added.WriteBurstAsync(3);
        // keep goes on a while after the reload, then stops; every line it wrote must be in its transcript, in order.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await keep.StopStreamingAsync();
        long written = keep.LinesWritten;
        Assert.True(written > 200, $"keep wrote only {written} lines: no load");
        string last = $"keep line {written}";
        string[] keptLines = await TestDaemon.WaitForLineAsync(daemon.Database, "keep", last, l => l == last);
        Assert.Equal(Enumerable.Range(1, (int)written).Select(i => $"keep line {i}"), keptLines.Where(l => l.Length > 0));
        Assert.Equal(1, keep.Accepts);
        Assert.Equal(2, changed.Accepts);
        Assert.Equal(1, added.Accepts);

        string[] goneLines = (await TestDaemon.TranscriptLinesAsync(daemon.Database, "gone")).Where(l => l.Length > 0).ToArray();
        Assert.Equal([.. Enumerable.Range(1, 500).Select(i => $"gone line {i}"), "gone's last words without a line end"], goneLines);
        await TestDaemon.WaitForLineAsync(daemon.Database, "added", "added's lines", l => l == "added line 3");
        JsonElement[] consoles = JsonSerializer.Deserialize<JsonElement[]>(await daemon.Http.GetStringAsync("/api/consoles"))!;
        Assert.Equal(["added", "changed", "keep"], consoles.Select(c => c.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_invalid_file_changes_nothing_and_the_reload_says_why_with_line_numbers_in_its_output_exit_code_api_answer_and_log()
    {
        await using var keep = new LinePeer("keep");
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, keep.Entry());
        await daemon.WaitForConnectedAsync("keep");
        string config = await WriteConfigWithATypoAsync(keep);
        // The same diagnostics as config check, by line.
        (int checkCode, _, string checkErrors) = await SolwatchProcess.RunAsync("config", "check", config);
        Assert.Equal(2, checkCode);
        string[] expected = [.. checkErrors.Split('\n').Where(l => l.StartsWith(config, StringComparison.Ordinal))];
        Assert.NotEmpty(expected);
        Assert.Contains(expected, e => e.Contains(":15:", StringComparison.Ordinal) && e.Contains("prot", StringComparison.Ordinal));

        (int code, string stdout, string stderr) = await daemon.CliAsync(TimeSpan.FromMinutes(2), "reload");
        Assert.True(code == 2, $"exit {code}: {stdout}{stderr}");
        foreach (string error in expected)
        {
            Assert.Contains(error, stderr, StringComparison.Ordinal);
        }
        Assert.Contains("nothing changed", stderr, StringComparison.Ordinal);

        using HttpResponseMessage answer = await daemon.Http.PutAsync("/api/config", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("invalid", body.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(expected, body.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!));
        // The daemon's log says it too.
        Assert.Contains(expected[0], daemon.Process.Stdout, StringComparison.Ordinal);

        JsonElement[] consoles = JsonSerializer.Deserialize<JsonElement[]>(await daemon.Http.GetStringAsync("/api/consoles"))!;
        Assert.Equal(["keep"], consoles.Select(c => c.GetProperty("name").GetString()!));
        Assert.Equal("Connected", consoles[0].GetProperty("state").GetString());
        Assert.Equal(1, keep.Accepts);
    }

    [Fact]
    public async Task Reload_given_the_config_file_as_the_systemd_unit_does_reaches_the_daemon_when_a_console_has_a_typo_and_prints_its_errors_by_line()
    {
        await using var keep = new LinePeer("keep");
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, keep.Entry());
        await daemon.WaitForConnectedAsync("keep");
        string config = await WriteConfigWithATypoAsync(keep);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("reload", "--config", config);

        Assert.True(code == 2, $"exit {code}: {stdout}{stderr}");
        // The daemon's answer, one error a line as config check prints it; not the CLI failing to find the database.
        Assert.Contains($"{config}:15:", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing changed, the daemon runs as before", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("find the database", stderr, StringComparison.Ordinal);
        Assert.Contains("not reloaded", daemon.Process.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, keep.Accepts);
    }

    [Fact]
    public async Task SIGHUP_reloads_the_file_and_settings_that_need_a_restart_are_named_not_ignored()
    {
        await using var keep = new LinePeer("keep");
        await using var added = new LinePeer("added");
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, keep.Entry());
        await daemon.WaitForConnectedAsync("keep");
        string config = await TestDaemon.WriteConfigAsync(_dir, string.Join('\n', keep.Entry(), added.Entry()));
        // A process started with SIGHUP ignored (the tests run under nohup) hands that on to the daemon, and .NET keeps an
        // ignored SIGHUP ignored (as nohup asks): the reload would never come, so say why instead of timing out.
        Assert.False(InheritedSignals.HangupIgnored(), "these tests run with SIGHUP ignored (started under nohup?); the daemon inherits that and cannot be reloaded by SIGHUP: run them without nohup (setsid works)");
        daemon.Process.Signal("HUP");
        // The signal's reload runs on its own: wait until the new console is there, then connected.
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (!JsonSerializer.Deserialize<JsonElement[]>(await daemon.Http.GetStringAsync("/api/consoles"))!.Any(c => c.GetProperty("name").GetString() == "added"))
        {
            Assert.True(DateTime.UtcNow < deadline && !daemon.Process.HasExited,
                $"SIGHUP did not add the console ({(daemon.Process.HasExited ? "the daemon exited" : "the daemon runs")}): {daemon.Process.Stdout}\nstderr: {daemon.Process.Stderr}");
            await Task.Delay(100);
        }
        await daemon.WaitForConnectedAsync("added");
        Assert.False(daemon.Process.HasExited);
        Assert.Equal(1, keep.Accepts);

        // A new API port and database: the running ones stay, and the answer says a restart applies them.
        string text = await File.ReadAllTextAsync(config);
        await File.WriteAllTextAsync(config, text
            .Replace("port: 0", "port: 7999", StringComparison.Ordinal)
            .Replace("database: data/incidents.db", "database: data/other.db", StringComparison.Ordinal)
            .Replace("logging:\n  directory: logs", "logging:\n  directory: logs\n  level: Warning", StringComparison.Ordinal));
        using HttpResponseMessage answer = await daemon.Http.PutAsync("/api/config", null);
        string json = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, json);
        using JsonDocument body = JsonDocument.Parse(json);
        string[] restart = [.. body.RootElement.GetProperty("needsRestart").EnumerateArray().Select(e => e.GetString()!)];
        Assert.Contains(restart, s => s.StartsWith("api.port: 0 -> 7999", StringComparison.Ordinal));
        Assert.Contains(restart, s => s.StartsWith("storage.database:", StringComparison.Ordinal) && s.EndsWith("other.db", StringComparison.Ordinal));
        Assert.Contains("logging.level: Information -> Warning", body.RootElement.GetProperty("applied").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(2, body.RootElement.GetProperty("unchanged").GetInt32());
        // Still on its old port and database.
        Assert.Equal(2, JsonSerializer.Deserialize<JsonElement[]>(await daemon.Http.GetStringAsync("/api/consoles"))!.Length);
        Assert.Contains("needs a restart", daemon.Process.Stdout, StringComparison.Ordinal);
    }

    // The running console kept, and a second one whose "port:" is misspelt: line 15 of the written file.
    private Task<string> WriteConfigWithATypoAsync(LinePeer keep) => TestDaemon.WriteConfigAsync(_dir, $"""
        {keep.Entry()}
          - name: broken
            type: tcp
            address: 127.0.0.1
            prot: 1234
        """);

    private static async Task WaitForBytesAsync(RunningDaemon daemon, string console, long bytes)
    {
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        long received = 0;
        while (DateTime.UtcNow < deadline)
        {
            JsonElement c = await daemon.ConsoleAsync(console);
            received = c.GetProperty("connection").GetProperty("bytes").GetInt64();
            if (received >= bytes)
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"console {console}: the daemon received {received} of {bytes} bytes");
    }
}
