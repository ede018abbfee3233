using System.Net.Http.Headers;
using System.Text.Json;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Alerts;

/// <summary>
/// A real <c>solwatch run</c> whose exec console prints the lab's panic (samples/demo-panic.log) once, with the given
/// <c>alerts:</c> and <c>metrics:</c> sections; HTTP clients for its API with and without the token.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class AlertingDaemon : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    private AlertingDaemon(string dir, SolwatchProcess process, string url, string token)
    {
        Dir = dir;
        Process = process;
        Url = url;
        Api = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Anonymous = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Dir { get; }

    public string Database => Path.Combine(Dir, "data", "incidents.db");

    public SolwatchProcess Process { get; }

    public string Url { get; }

    /// <summary>Holds the token.</summary>
    public HttpClient Api { get; }

    /// <summary>Holds no token (as Prometheus).</summary>
    public HttpClient Anonymous { get; }

    public static async Task<AlertingDaemon> StartAsync(string sections)
    {
        string dir = Directory.CreateTempSubdirectory("solwatch-alerting-").FullName;
        string sample = Path.Combine(RepoPaths.Root, "samples", "demo-panic.log");
        string config = Path.Combine(dir, "solwatch.yaml");
        await File.WriteAllTextAsync(config, $"""
            storage:
              database: data/incidents.db
              transcripts: data/transcripts
            incidents:
              quietPeriod: 1s
            api:
              port: 0
            logging:
              directory: logs
            {sections}
            consoles:
              - name: web-1
                host: web-1-host
                type: exec
                command: [/bin/sh, -c, "cat '{sample}'; exec sleep 3600"]
            """);
        SolwatchProcess process = SolwatchProcess.Start(["run", "--config", config]);
        string tokenFile = DataPaths.TokenFileFor(Path.Combine(dir, "data", "incidents.db"));
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(tokenFile) || !process.Stdout.Contains("  try:", StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                string output = process.Stdout + process.Stderr;
                process.Dispose();
                Directory.Delete(dir, recursive: true);
                Assert.Fail($"the daemon did not start: {output}");
            }
            await Task.Delay(200);
        }
        using JsonDocument endpoint = JsonDocument.Parse(await File.ReadAllTextAsync(tokenFile));
        return new AlertingDaemon(dir, process, endpoint.RootElement.GetProperty("url").GetString()!, endpoint.RootElement.GetProperty("token").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Anonymous.Dispose();
        Process.Signal("TERM");
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Process.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}
