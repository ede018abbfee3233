using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>A real `solwatch run` daemon on a test directory, and the CLI calls the end-to-end tests make on it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class TestDaemon
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    /// <summary>The database of a configuration written by <see cref="WriteConfigAsync"/> in <paramref name="dir"/>.</summary>
    public static string Database(string dir) => Path.Combine(dir, "data", "incidents.db");

    /// <summary>A configuration in <paramref name="dir"/> with the given console entries (YAML list items).</summary>
    public static async Task<string> WriteConfigAsync(string dir, string consoles)
    {
        string path = Path.Combine(dir, "solwatch.yaml");
        await File.WriteAllTextAsync(path, $"""
            storage:
              database: data/incidents.db
              transcripts: data/transcripts
            incidents:
              quietPeriod: 2s
            api:
              port: 0
            logging:
              directory: logs
            consoles:
            {consoles}
            """);
        return path;
    }

    /// <summary>Starts the daemon and waits until its API token file is written.</summary>
    public static async Task<SolwatchProcess> StartAsync(string config, string database)
    {
        SolwatchProcess daemon = SolwatchProcess.Start(["run", "--config", config]);
        DateTime ready = DateTime.UtcNow + Patience;
        while (ApiEndpoint.TryRead(DataPaths.TokenFileFor(database)) is null)
        {
            Assert.False(daemon.HasExited || DateTime.UtcNow > ready, $"the daemon did not start: {daemon.Stdout}\n{daemon.Stderr}");
            await Task.Delay(200);
        }
        return daemon;
    }

    /// <summary>Waits until the daemon reports <paramref name="console"/> connected (solwatch consoles).</summary>
    public static async Task WaitForConnectedAsync(string database, string console, SolwatchProcess daemon)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        string state = "unknown";
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(daemon.HasExited, $"the daemon exited: {daemon.Stdout}\n{daemon.Stderr}");
            (int code, string json, _) = await SolwatchProcess.RunAsync("consoles", "--json", "--db", database);
            if (code == 0)
            {
                JsonElement entry = JsonSerializer.Deserialize<JsonElement[]>(json)!.Single(c => c.GetProperty("name").GetString() == console);
                state = $"{entry.GetProperty("state").GetString()} ({entry.GetProperty("detail")})";
                if (entry.GetProperty("state").GetString() == "Connected")
                {
                    return;
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"console {console} did not connect within {Patience.TotalSeconds} s; last state: {state}");
    }

    /// <summary>The console's transcript text (solwatch transcript --text), one element per line.</summary>
    public static async Task<string[]> TranscriptLinesAsync(string database, string console)
    {
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("transcript", console, "--text", "--db", database);
        Assert.True(code == 0, $"solwatch transcript {console} failed: {stderr}");
        return stdout.Split('\n');
    }

    /// <summary>Waits until a line of the console's transcript satisfies <paramref name="seen"/>; returns the transcript.</summary>
    public static async Task<string[]> WaitForLineAsync(string database, string console, string what, Func<string, bool> seen, TimeSpan? patience = null)
    {
        DateTime deadline = DateTime.UtcNow + (patience ?? Patience);
        string[] lines = [];
        while (DateTime.UtcNow < deadline)
        {
            lines = await TranscriptLinesAsync(database, console);
            if (lines.Any(seen))
            {
                return lines;
            }
            await Task.Delay(300);
        }
        throw new TimeoutException($"{what} not seen in the transcript of {console}; its last lines: {string.Join(" | ", lines.TakeLast(8))}");
    }

    /// <summary>
    /// Waits until the console's machine runs a shell that answers: types <c>echo solwatch-ready</c> (solwatch send)
    /// until its output line comes back. Works whatever part of the boot the console saw.
    /// </summary>
    public static async Task WaitForShellAsync(string database, string console)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            (int code, _, string stderr) = await SolwatchProcess.RunAsync("send", console, "echo solwatch-ready", "--db", database);
            Assert.True(code == 0, $"solwatch send {console} failed: {stderr}");
            try
            {
                await WaitForLineAsync(database, console, "the shell's answer", l => l == "solwatch-ready", TimeSpan.FromSeconds(3));
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> incidents are stored; returns them.</summary>
    public static async Task<JsonElement[]> WaitForIncidentsAsync(string database, int count)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        JsonElement[] incidents = [];
        while (DateTime.UtcNow < deadline)
        {
            (int code, string stdout, _) = await SolwatchProcess.RunAsync("incidents", "list", "--json", "--db", database);
            if (code == 0 && (incidents = JsonSerializer.Deserialize<JsonElement[]>(stdout)!).Length >= count)
            {
                return incidents;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"{incidents.Length} of {count} incidents stored");
    }

    /// <summary>The report of the first exported incident.</summary>
    public static async Task<JsonElement> FirstExportedReportAsync(string database)
    {
        (int code, string export, string stderr) = await SolwatchProcess.RunAsync("incidents", "export", "--db", database);
        Assert.True(code == 0, stderr);
        return JsonSerializer.Deserialize<JsonElement>(export.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]).GetProperty("report");
    }
}
