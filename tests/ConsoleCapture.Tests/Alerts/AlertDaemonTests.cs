using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Alerts;

/// <summary>A real daemon: a console prints a crash, the webhook receiver gets the alert, and the CLI and API show the delivery.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AlertDaemonTests
{
    [Fact]
    public async Task A_crash_on_a_console_reaches_the_webhook_and_its_delivery_shows_in_solwatch_alerts_and_the_api()
    {
        await using var receiver = AlertReceiver.Start();
        await using var daemon = await AlertingDaemon.StartAsync($"""
            alerts:
              destinations:
                - name: ops
                  type: webhook
                  url: {receiver.Url("/solwatch")}
              rules:
                - name: panics
                  on: incident
                  panickedOnly: true
                  send: [ops]
            """);

        ReceivedPost post = await receiver.NextAsync(AlertingDaemon.Patience);

        using JsonDocument alert = JsonDocument.Parse(post.Body);
        Assert.Equal("/solwatch", post.Path);
        Assert.Equal("web-1", alert.RootElement.GetProperty("console").GetString());
        Assert.Equal("web-1-host", alert.RootElement.GetProperty("host").GetString());
        Assert.Contains("NULL pointer dereference", alert.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        long incident = alert.RootElement.GetProperty("incidentId").GetInt64();

        JsonElement[] deliveries = await WaitForDeliveryAsync(daemon);
        JsonElement delivered = Assert.Single(deliveries);
        Assert.Equal(("panics", "ops", "delivered", incident),
            (delivered.GetProperty("rule").GetString(), delivered.GetProperty("destination").GetString(), delivered.GetProperty("result").GetString(),
             delivered.GetProperty("incidentId").GetInt64()));

        JsonElement[] served = (await daemon.Api.GetFromJsonAsync<JsonElement[]>("/api/alerts"))!;
        Assert.Equal("delivered", Assert.Single(served).GetProperty("result").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await daemon.Anonymous.GetAsync("/api/alerts")).StatusCode);

        (int code, string table, _) = await SolwatchProcess.RunAsync("alerts", "--db", daemon.Database);
        Assert.Equal(0, code);
        Assert.Contains("panics", table, StringComparison.Ordinal);
        Assert.Contains("delivered", table, StringComparison.Ordinal);
    }

    private static async Task<JsonElement[]> WaitForDeliveryAsync(AlertingDaemon daemon)
    {
        DateTime deadline = DateTime.UtcNow + AlertingDaemon.Patience;
        while (true)
        {
            (int code, string json, string stderr) = await SolwatchProcess.RunAsync("alerts", "--json", "--db", daemon.Database);
            Assert.True(code == 0, stderr);
            JsonElement[] deliveries = JsonSerializer.Deserialize<JsonElement[]>(json)!;
            if (deliveries.Length > 0 || DateTime.UtcNow > deadline)
            {
                return deliveries;
            }
            await Task.Delay(200);
        }
    }
}
