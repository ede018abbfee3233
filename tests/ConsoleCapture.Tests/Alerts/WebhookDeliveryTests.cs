using System.Text.Json;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Alerts;

namespace SolWatch.ConsoleCapture.Tests.Alerts;

/// <summary>Alerts raised by a real engine from stored incidents, delivered to a real HTTP receiver.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string Hook(AlertReceiver receiver, string extra = "") => $"""
          destinations:
            - name: hook
              type: webhook
              url: {receiver.Url()}
              backoff: 50ms
              maxBackoff: 200ms
        {extra}
        """;

    [Fact]
    public async Task A_stored_incident_is_posted_to_the_webhook_as_json_and_recorded_delivered()
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver) + """
              rules:
                - name: crashes
                  on: incident
                  send: [hook]
            """);

        var incident = await alerts.CrashAsync("web-1");

        ReceivedPost post = await receiver.NextAsync(Patience);
        Assert.Equal("POST", post.Method);
        Assert.StartsWith("application/json", post.ContentType, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(post.Body);
        Assert.Equal("crashes", json.RootElement.GetProperty("rule").GetString());
        Assert.Equal("firing", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("web-1", json.RootElement.GetProperty("console").GetString());
        Assert.Equal(incident.Id, json.RootElement.GetProperty("incidentId").GetInt64());
        Assert.Equal("oops", json.RootElement.GetProperty("labels").GetProperty("crash_kind").GetString());
        AlertDelivery delivery = Assert.Single(await alerts.DeliveriesAsync(1));
        Assert.Equal((AlertDeliveryResults.Delivered, "hook", 1, incident.Id), (delivery.Result, delivery.Destination, delivery.Attempts, delivery.IncidentId));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_alert_on_the_third_attempt()
    {
        await using var receiver = AlertReceiver.Start(503, 500);
        await using var alerts = AlertFixture.Start(Hook(receiver) + """
              rules:
                - name: crashes
                  on: incident
                  send: [hook]
            """);

        await alerts.CrashAsync("web-1");

        AlertDelivery delivery = Assert.Single(await alerts.DeliveriesAsync(1));
        Assert.Equal((AlertDeliveryResults.Delivered, 3), (delivery.Result, delivery.Attempts));
        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, p => Assert.Equal(receiver.Received[0].Body, p.Body));
    }

    [Fact]
    public async Task A_receiver_that_refuses_the_alert_makes_a_dead_letter_at_once_with_the_payload()
    {
        await using var receiver = AlertReceiver.Start(400);
        await using var alerts = AlertFixture.Start(Hook(receiver) + """
              rules:
                - name: crashes
                  on: incident
                  send: [hook]
            """);

        await alerts.CrashAsync("web-1");

        AlertDelivery delivery = Assert.Single(await alerts.DeliveriesAsync(1));
        Assert.Equal((AlertDeliveryResults.DeadLetter, 1), (delivery.Result, delivery.Attempts));
        Assert.Contains("400", delivery.Error, StringComparison.Ordinal);
        Assert.Equal(receiver.Received.Single().Body, delivery.Payload);
        // The dead letter is on disk too, for solwatch alerts.
        Assert.Equal(AlertDeliveryResults.DeadLetter, AlertDeliveryLog.Read(alerts.Log.Path).Single().Result);
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_gets_one_plus_retries_attempts_then_a_dead_letter()
    {
        await using var receiver = AlertReceiver.Start(500, 500, 500, 500, 500);
        await using var alerts = AlertFixture.Start($"""
              destinations:
                - name: hook
                  type: webhook
                  url: {receiver.Url()}
                  retries: 2
                  backoff: 20ms
              rules:
                - name: crashes
                  on: incident
                  send: [hook]
            """);

        await alerts.CrashAsync("web-1");

        AlertDelivery delivery = Assert.Single(await alerts.DeliveriesAsync(1));
        Assert.Equal((AlertDeliveryResults.DeadLetter, 3), (delivery.Result, delivery.Attempts));
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task The_same_crash_again_within_the_dedupe_window_is_recorded_as_a_duplicate_and_not_sent()
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver) + """
              rules:
                - name: crashes
                  on: incident
                  send: [hook]
            """);

        await alerts.CrashAsync("web-1", "aaaaaaaaaaaaaaaa");
        await alerts.CrashAsync("web-1", "aaaaaaaaaaaaaaaa");
        await alerts.CrashAsync("web-2", "aaaaaaaaaaaaaaaa");

        IReadOnlyList<AlertDelivery> deliveries = await alerts.DeliveriesAsync(3);
        Assert.Equal(
            [("web-1", AlertDeliveryResults.Delivered), ("web-1", AlertDeliveryResults.Duplicate), ("web-2", AlertDeliveryResults.Delivered)],
            deliveries.OrderBy(d => d.Console, StringComparer.Ordinal).ThenBy(d => d.Result == AlertDeliveryResults.Duplicate).Select(d => (d.Console!, d.Result)));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task Past_its_burst_a_rule_records_rate_limited_alerts_instead_of_sending_them()
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver) + """
              rules:
                - name: crashes
                  on: incident
                  send: [hook]
                  rateLimit:
                    burst: 2
                    every: 1h
            """);

        for (int i = 0; i < 5; i++)
        {
            await alerts.CrashAsync("web-1", $"{i:x16}");
        }

        IReadOnlyList<AlertDelivery> deliveries = await alerts.DeliveriesAsync(5);
        Assert.Equal(2, deliveries.Count(d => d.Result == AlertDeliveryResults.Delivered));
        Assert.Equal(3, deliveries.Count(d => d.Result == AlertDeliveryResults.RateLimited));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task Filters_keep_only_panics_of_the_given_kinds_on_matching_consoles_and_new_fingerprints()
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver) + """
              rules:
                - name: new-panics
                  on: incident
                  send: [hook]
                  consoles: ["web-*"]
                  kinds: [oops, panic]
                  panickedOnly: true
                  newFingerprintOnly: true
            """);

        await alerts.CrashAsync("db-1", "1111111111111111");                                   // console not matched
        await alerts.CrashAsync("web-1", "2222222222222222", CrashKind.Warning, panicked: false); // a warning
        await alerts.CrashAsync("web-1", "3333333333333333", panicked: false);                   // an oops that did not panic
        await alerts.CrashAsync("db-1", "4444444444444444");                                   // fingerprint first seen on db-1…
        await alerts.CrashAsync("web-2", "4444444444444444");                                  // …so not new on web-2
        var alerted = await alerts.CrashAsync("web-3", "5555555555555555", CrashKind.Panic);

        ReceivedPost post = await receiver.NextAsync(Patience);
        using JsonDocument json = JsonDocument.Parse(post.Body);
        Assert.Equal(alerted.Id, json.RootElement.GetProperty("incidentId").GetInt64());
        Assert.Null(await receiver.MaybeNextAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_destination_that_never_answers_holds_up_only_its_own_queue()
    {
        await using var receiver = AlertReceiver.Start();
        // Accepts connections and never answers: a hung receiver.
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            await using var alerts = AlertFixture.Start($"""
                  destinations:
                    - name: hung
                      type: webhook
                      url: http://127.0.0.1:{port}/
                      timeout: 10m
                    - name: hook
                      type: webhook
                      url: {receiver.Url()}
                  rules:
                    - name: crashes
                      on: incident
                      send: [hung, hook]
                """);

            for (int i = 0; i < 3; i++)
            {
                await alerts.CrashAsync("web-1", $"{i:x16}");
            }

            for (int i = 0; i < 3; i++)
            {
                await receiver.NextAsync(Patience);
            }
            IReadOnlyList<AlertDelivery> deliveries = await alerts.DeliveriesAsync(3);
            Assert.All(deliveries, d => Assert.Equal(("hook", AlertDeliveryResults.Delivered), (d.Destination, d.Result)));
            // The hung destination still has all three: one being sent, two waiting.
            Assert.Equal(3, alerts.Engine.Queues.Single(q => q.Name == "hung").Depth);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task A_webhook_token_from_a_file_is_sent_as_a_bearer_token()
    {
        await using var receiver = AlertReceiver.Start();
        string tokenFile = Path.Combine(Path.GetTempPath(), "solwatch-hook-token-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(tokenFile, "s3cret-hook-token\n");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            await using var alerts = AlertFixture.Start($"""
                  destinations:
                    - name: hook
                      type: webhook
                      url: {receiver.Url()}
                      tokenFile: {tokenFile}
                  rules:
                    - name: crashes
                      on: incident
                      send: [hook]
                """);

            await alerts.CrashAsync("web-1");

            Assert.Equal("Bearer s3cret-hook-token", (await receiver.NextAsync(Patience)).Authorization);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }
}
