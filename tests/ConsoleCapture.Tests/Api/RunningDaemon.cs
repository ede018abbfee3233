using System.Net.Http.Headers;
using System.Text.Json;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Api;

/// <summary>
/// A real <c>solwatch run</c> on a test directory with the given consoles, and an HTTP client holding the token of
/// its token file (for API requests the CLI would not make, e.g. a forged user name).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class RunningDaemon : IAsyncDisposable
{
    private bool _disposed;

    private RunningDaemon(string dir, SolwatchProcess process, string url, string token)
    {
        Dir = dir;
        Process = process;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string Dir { get; }

    public string Database => TestDaemon.Database(Dir);

    public SolwatchProcess Process { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the daemon on <paramref name="consoles"/> (YAML list items) and waits until every console was started.</summary>
    public static async Task<RunningDaemon> StartAsync(string dir, string consoles, IReadOnlyDictionary<string, string>? env = null)
    {
        string config = await TestDaemon.WriteConfigAsync(dir, consoles);
        SolwatchProcess process = SolwatchProcess.Start(["run", "--config", config], env);
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        string tokenFile = DataPaths.TokenFileFor(TestDaemon.Database(dir));
        while (!File.Exists(tokenFile) || !process.Stdout.Contains("  try:", StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                string output = process.Stdout + process.Stderr;
                process.Dispose();
                Assert.Fail($"the daemon did not start: {output}");
            }
            await Task.Delay(200);
        }
        using JsonDocument endpoint = JsonDocument.Parse(await File.ReadAllTextAsync(tokenFile));
        return new RunningDaemon(dir, process,
            endpoint.RootElement.GetProperty("url").GetString()!, endpoint.RootElement.GetProperty("token").GetString()!);
    }

    /// <summary>Runs the CLI on this daemon's database, giving up (and killing it) after <paramref name="patience"/>.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> CliAsync(TimeSpan patience, params string[] args)
    {
        using SolwatchProcess cli = SolwatchProcess.Start([.. args, "--db", Database]);
        int code = await cli.WaitForExitAsync(patience);
        return (code, cli.Stdout, cli.Stderr);
    }

    /// <summary>The console's entry of <c>GET /api/consoles</c>.</summary>
    public async Task<JsonElement> ConsoleAsync(string name)
    {
        string json = await Http.GetStringAsync("/api/consoles");
        return JsonSerializer.Deserialize<JsonElement[]>(json)!.Single(c => c.GetProperty("name").GetString() == name);
    }

    /// <summary>Waits until the console's collector runs (state Connected).</summary>
    public async Task WaitForConnectedAsync(string name)
    {
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while ((await ConsoleAsync(name)).GetProperty("state").GetString() != "Connected")
        {
            Assert.True(DateTime.UtcNow < deadline, $"console {name} did not connect: {await Http.GetStringAsync("/api/consoles")}");
            await Task.Delay(200);
        }
    }

    /// <summary>Stops the daemon (SIGTERM, as systemd would); its output stays readable. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Http.Dispose();
        if (!Process.HasExited)
        {
            Process.Signal("TERM");
            try
            {
                await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
            }
        }
        Process.Dispose();
    }
}
