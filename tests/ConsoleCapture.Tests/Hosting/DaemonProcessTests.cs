using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>The real daemon process, driven and queried with the real CLI.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DaemonProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-daemon-").FullName;

    private string Database => Path.Combine(_dir, "data", "incidents.db");

    private string TokenFile => DataPaths.TokenFileFor(Database);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(string quietPeriod)
    {
        string path = Path.Combine(_dir, "solwatch.yaml");
        File.WriteAllText(path, $"""
            storage:
              database: data/incidents.db
              transcripts: data/transcripts
            incidents:
              contextLines: 30
              quietPeriod: {quietPeriod}
            api:
              port: 0
            logging:
              directory: logs
            consoles:
              - name: lab
                host: lab-vm
                type: replay
                path: {Path.Combine(RepoPaths.Root, "samples", "demo-panic.log")}
                bytesPerSecond: 200000
              - name: unplugged
                type: serial
                device: /dev/ttySolwatchTestMissing0
            """);
        return path;
    }

    private async Task<SolwatchProcess> StartDaemonAsync(string quietPeriod)
    {
        SolwatchProcess daemon = SolwatchProcess.Start(["run", "--config", WriteConfig(quietPeriod)]);
        DateTime deadline = DateTime.UtcNow + Patience;
        // Ready: the token file is written and the consoles started (the "where things are" lines are printed).
        while (ApiEndpoint.TryRead(TokenFile) is null || !daemon.Stdout.Contains("  try:", StringComparison.Ordinal))
        {
            if (daemon.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the daemon did not start: {daemon.Stdout}\n{daemon.Stderr}");
            }
            await Task.Delay(200);
        }
        return daemon;
    }

    private async Task<JsonElement[]> ListAsync()
    {
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--json", "--db", Database);
        Assert.True(code == 0, $"incidents list failed ({code}): {stderr}");
        return JsonSerializer.Deserialize<JsonElement[]>(stdout)!;
    }

    private async Task<JsonElement> WaitForIncidentAsync()
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await ListAsync() is [var incident, ..])
            {
                return incident;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("no incident appeared");
    }

    [Fact]
    public async Task The_daemon_turns_a_replayed_panic_into_an_incident_that_the_cli_shows_through_the_api()
    {
        using SolwatchProcess daemon = await StartDaemonAsync(quietPeriod: "1s");
        Assert.Contains("API:", daemon.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));

        ApiEndpoint endpoint = ApiEndpoint.TryRead(TokenFile)!;
        Assert.StartsWith("http://127.0.0.1:", endpoint.Url, StringComparison.Ordinal);
        using (var anonymous = new HttpClient { BaseAddress = new Uri(endpoint.Url) })
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/incidents")).StatusCode);
            anonymous.DefaultRequestHeaders.Authorization = new("Bearer", (endpoint.Token[0] == '0' ? "1" : "0") + endpoint.Token[1..]);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/health")).StatusCode);
        }

        JsonElement incident = await WaitForIncidentAsync();
        Assert.StartsWith("BUG: unable to handle kernel NULL pointer dereference", incident.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("lab", incident.GetProperty("console").GetString());

        (int code, string show, _) = await SolwatchProcess.RunAsync("incidents", "show", incident.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", Database);
        Assert.Equal(0, code);
        Assert.Contains("  ip          lab_null+0x5", show, StringComparison.Ordinal);
        Assert.Contains("Kernel panic - not syncing: Fatal exception", show, StringComparison.Ordinal);

        (code, string filtered, _) = await SolwatchProcess.RunAsync("incidents", "list", "--kind", "oops", "--since", "1h", "--console", "lab", "--db", Database);
        Assert.Equal(0, code);
        Assert.Contains("lab_null", filtered, StringComparison.Ordinal);
        (code, filtered, _) = await SolwatchProcess.RunAsync("incidents", "list", "--kind", "Lockup", "--db", Database);
        Assert.Equal(0, code);
        Assert.Contains("(no incidents)", filtered, StringComparison.Ordinal);
        (code, _, string kindError) = await SolwatchProcess.RunAsync("incidents", "list", "--kind", "meltdown", "--db", Database);
        Assert.Equal(2, code);
        Assert.Contains("--kind meltdown: not one of panic, oops", kindError, StringComparison.Ordinal);

        (code, string export, _) = await SolwatchProcess.RunAsync("incidents", "export", "--db", Database);
        Assert.Equal(0, code);
        JsonElement exported = JsonSerializer.Deserialize<JsonElement>(Assert.Single(export.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("lab_null", exported.GetProperty("report").GetProperty("ip").GetProperty("function").GetString());
        JsonElement report = exported.GetProperty("report");
        // The 30 context lines of the configuration, then the report itself.
        Assert.Equal(30 + report.GetProperty("endLine").GetInt64() - report.GetProperty("startLine").GetInt64() + 1, exported.GetProperty("context").GetArrayLength());

        (code, string consoles, string stderr) = await SolwatchProcess.RunAsync("consoles", "--db", Database);
        Assert.True(code == 0, stderr);
        // The file's 400 lines; 401 when the replay stalled mid-line for over the 1 s quiet period (a loaded machine): the
        // quiet console's unfinished line is ended there, as for any console, and its rest is a line of its own.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(consoles, @"lab\s+lab-vm\s+replay\s+Connected\s+40[01]\s+1\s"), consoles);
        // The missing serial device is that console's problem only, with its config location.
        Assert.Contains("solwatch.yaml:19:", consoles, StringComparison.Ordinal);
        Assert.Contains("/dev/ttySolwatchTestMissing0 does not exist", consoles, StringComparison.Ordinal);

        (code, string fleet, _) = await SolwatchProcess.RunAsync("fleet", "--config", Path.Combine(_dir, "solwatch.yaml"));
        Assert.Equal(0, code);
        Assert.Matches(@"[0-9a-f]{16}\s+oops\s+1\s+1\s", fleet);

        // tail --since streams the transcript, then follows live; stop it once the panic line went by.
        using SolwatchProcess tail = SolwatchProcess.Start(["tail", "lab", "--since", "1h", "--db", Database]);
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!tail.Stdout.Contains("Kernel panic - not syncing", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Contains("Linux version 6.1.0-56-amd64", tail.Stdout, StringComparison.Ordinal);
        Assert.Contains("Kernel panic - not syncing", tail.Stdout, StringComparison.Ordinal);

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task SIGTERM_stores_the_report_still_open_closes_the_database_and_removes_the_token_file()
    {
        // A quiet period longer than the test: the report can only be closed by the shutdown path.
        using SolwatchProcess daemon = await StartDaemonAsync(quietPeriod: "1h");
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!(await SolwatchProcess.RunAsync("consoles", "--json", "--db", Database)).Stdout.Contains("\"lines\": 400", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the replay did not finish");
            await Task.Delay(500);
        }
        Assert.Empty(await ListAsync());

        daemon.Signal("TERM");

        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
        Assert.False(File.Exists(TokenFile));
        Assert.Contains("Stores closed cleanly", daemon.Stdout, StringComparison.Ordinal);
        // No daemon now: the CLI opens the file itself.
        JsonElement incident = Assert.Single(await ListAsync());
        Assert.StartsWith("BUG: unable to handle kernel NULL pointer dereference", incident.GetProperty("title").GetString(), StringComparison.Ordinal);
        // ... and tail --since reads the transcript files, then ends (nothing live without a daemon).
        (int code, string tail, string stderr) = await SolwatchProcess.RunAsync("tail", "lab", "--since", "1d", "--db", Database);
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllLines(Path.Combine(RepoPaths.Root, "samples", "demo-panic.log")), tail.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task After_kill_9_the_cli_reads_the_database_file_directly()
    {
        using SolwatchProcess daemon = await StartDaemonAsync(quietPeriod: "1s");
        JsonElement stored = await WaitForIncidentAsync();

        daemon.Signal("KILL");
        await daemon.WaitForExitAsync(Patience);

        Assert.True(File.Exists(TokenFile), "a killed daemon cannot remove its token file");
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--db", Database);
        Assert.True(code == 0, stderr);
        Assert.Contains(stored.GetProperty("title").GetString()!, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configuration_the_demo_console_streams_a_real_panic_into_an_incident_under_the_data_directory()
    {
        var env = new Dictionary<string, string> { ["XDG_DATA_HOME"] = _dir };
        string database = Path.Combine(_dir, "solwatch", "incidents.db");
        using SolwatchProcess daemon = SolwatchProcess.Start(["run"], env);
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!daemon.Stdout.Contains("incident 1 stored", StringComparison.Ordinal))
        {
            Assert.False(daemon.HasExited, $"the demo daemon exited (is port {ConfigLoader.DefaultApiPort} in use?): {daemon.Stdout}{daemon.Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"no incident in the demo: {daemon.Stdout}");
            await Task.Delay(500);
        }
        Assert.Contains($"database:    {database}", daemon.Stdout, StringComparison.Ordinal);
        Assert.Contains($"API:         http://127.0.0.1:{ConfigLoader.DefaultApiPort}", daemon.Stdout, StringComparison.Ordinal);
        // The console streams into the log, line by line.
        Assert.Contains("demo | [    0.000000] Linux version 6.1.0-56-amd64", daemon.Stdout, StringComparison.Ordinal);
        Assert.Contains("BUG: unable to handle kernel NULL pointer dereference in lab_null", daemon.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_dir, "solwatch")));

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task An_invalid_configuration_starts_nothing_and_names_every_error()
    {
        string path = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(path, "api:\n  port: 70000\nconsoles:\n  - name: a\n    type: tcp\n    address: console-server\n    port: 7001\n    colour: blue\n");

        (int code, _, string stderr) = await SolwatchProcess.RunAsync("run", "--config", path);

        Assert.Equal(2, code);
        Assert.Contains($"{path}:2:9: api.port: 70000 is not a port (0-65535)", stderr, StringComparison.Ordinal);
        Assert.Contains($"{path}:8:5: consoles[0].colour: unknown key (not a setting of type tcp)", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "data", "incidents.db")));
    }
}
