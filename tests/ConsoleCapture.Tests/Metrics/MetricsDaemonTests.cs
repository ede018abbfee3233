using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Alerts;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Metrics;

/// <summary>
/// <c>/metrics</c> of a real daemon whose console printed a crash: served without the token, linted by Prometheus's
/// own promtool, and scraped by a real Prometheus server.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MetricsDaemonTests
{
    [PeerFact("promtool", "prometheus")]
    public async Task A_real_prometheus_scrapes_the_console_and_incident_metrics_of_the_metrics_only_listener()
    {
        int metricsPort = FreePorts.Tcp();
        await using var daemon = await AlertingDaemon.StartAsync($"""
            metrics:
              listen: 127.0.0.1:{metricsPort}
            """);
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };

        string text = await WaitForAsync(daemon.Anonymous, "/metrics", t => t.Contains("solwatch_incidents_total{", StringComparison.Ordinal));

        // promtool check metrics: Prometheus's own linter of the exposition format and its naming conventions.
        (int lint, string problems) = await RunAsync(Peers.Find("promtool")!, text, "check", "metrics");
        Assert.True(lint == 0, problems);

        // The metrics-only listener serves /metrics and nothing of the API.
        Assert.Equal(HttpStatusCode.OK, (await metrics.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await metrics.GetAsync("/api/consoles")).StatusCode);

        // A real Prometheus scrapes it.
        int prometheusPort = FreePorts.Tcp();
        string dir = Directory.CreateTempSubdirectory("solwatch-prometheus-").FullName;
        string config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: solwatch
                static_configs:
                  - targets: ["127.0.0.1:{metricsPort}"]
            """);
        using var prometheus = Process.Start(new ProcessStartInfo(Peers.Find("prometheus")!)
        {
            ArgumentList = { $"--config.file={config}", $"--storage.tsdb.path={dir}/data", $"--web.listen-address=127.0.0.1:{prometheusPort}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}") };
            double lines = await QueryAsync(query, prometheus, "solwatch_console_lines_total{console=\"web-1\"}");
            Assert.True(lines > 0, $"Prometheus scraped {lines} lines for web-1");
            Assert.Equal(1, await QueryAsync(query, prometheus, "sum(solwatch_incidents_total)"));
            Assert.Equal(1, await QueryAsync(query, prometheus, "up{job=\"solwatch\"}"));
        }
        finally
        {
            prometheus.Kill();
            await prometheus.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_api_listener_serves_the_standard_metric_names_without_the_token()
    {
        await using var daemon = await AlertingDaemon.StartAsync("");

        string text = await WaitForAsync(daemon.Anonymous, "/metrics", t => t.Contains("solwatch_incidents_total{", StringComparison.Ordinal));

        // On the API's listener without the token, in Prometheus's text format, with the standard names.
        Assert.Contains("# TYPE solwatch_console_bytes_total counter", text, StringComparison.Ordinal);
        Assert.Matches("""solwatch_console_lines_total\{[^}]*console="web-1"[^}]*\} [1-9]""", text);
        Assert.Matches("""solwatch_incidents_total\{[^}]*kind="oops"[^}]*\} 1""", text);
        Assert.Matches("""solwatch_consoles\{[^}]*state="Connected"[^}]*\} 1""", text);
        Assert.Contains("# TYPE solwatch_detector_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE solwatch_store_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches("""solwatch_transcript_disk_usage_bytes\{[^}]*\} [1-9]""", text);
        // Prometheus text format: every sample line is NAME{LABELS} VALUE, every family has its # TYPE.
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            Assert.Matches("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? ([-+0-9.eE]+|[-+]Inf|NaN)( -?[0-9]+)?$""", line);
            string family = System.Text.RegularExpressions.Regex.Replace(line.Split('{', ' ')[0], "_(bucket|sum|count)$", "");
            Assert.True(text.Contains($"# TYPE {family} ", StringComparison.Ordinal) || text.Contains($"# TYPE {line.Split('{', ' ')[0]} ", StringComparison.Ordinal), line);
        }
    }

    [Fact]
    public async Task With_metrics_off_there_is_no_metrics_route_and_the_api_still_wants_its_token()
    {
        await using var daemon = await AlertingDaemon.StartAsync("""
            metrics:
              enabled: false
            """);

        Assert.Equal(HttpStatusCode.Unauthorized, (await daemon.Anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await daemon.Api.GetAsync("/metrics")).StatusCode);
    }

    private static async Task<string> WaitForAsync(HttpClient http, string path, Func<string, bool> ready)
    {
        DateTime deadline = DateTime.UtcNow + AlertingDaemon.Patience;
        string text = "";
        while (DateTime.UtcNow < deadline)
        {
            using HttpResponseMessage response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            text = await response.Content.ReadAsStringAsync();
            if (ready(text))
            {
                return text;
            }
            await Task.Delay(300);
        }
        throw new TimeoutException($"{path} never showed what was awaited: {text}");
    }

    // The instant value of a PromQL query once it has one (Prometheus answers nothing before its first scrape).
    private static async Task<double> QueryAsync(HttpClient http, Process prometheus, string promql)
    {
        DateTime deadline = DateTime.UtcNow + AlertingDaemon.Patience;
        while (true)
        {
            Assert.False(prometheus.HasExited, "prometheus exited");
            try
            {
                JsonElement answer = await http.GetFromJsonAsync<JsonElement>("/api/v1/query?query=" + Uri.EscapeDataString(promql));
                JsonElement result = answer.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
            Assert.True(DateTime.UtcNow < deadline, $"Prometheus had no value for {promql}");
            await Task.Delay(300);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string stdin, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
