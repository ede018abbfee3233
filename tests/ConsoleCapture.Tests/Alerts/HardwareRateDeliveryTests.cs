using System.Text.Json;
using SolWatch.ConsoleCapture.Config;
using SolWatch.Parsers.Hardware;
using SolWatch.Storage.Alerts;

namespace SolWatch.ConsoleCapture.Tests.Alerts;

/// <summary>
/// <c>on: hardware-events</c> (a rising hardware-event rate), end to end through a real engine and a real incident
/// store to a real HTTP receiver: threshold per hour or day, per console or summed over the rule's consoles, with the
/// deduplication and rate limit every rule has.
/// </summary>
public sealed class HardwareRateDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string Hook(AlertReceiver receiver, string rules) => $"""
          destinations:
            - name: hook
              type: webhook
              url: {receiver.Url()}
          rules:
        {rules}
        """;

    [Fact]
    public async Task A_console_that_reaches_the_threshold_within_the_hour_raises_one_alert_and_another_console_counts_on_its_own()
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver, """
                - name: failing-dimms
                  on: hardware-events
                  threshold: 5
                  per: hour
                  send: [hook]
            """));
        for (int i = 0; i < 4; i++)
        {
            alerts.Hardware("node-a");
            alerts.Hardware("node-b");
        }
        Assert.Null(await receiver.MaybeNextAsync(TimeSpan.FromSeconds(2)));

        // An EDAC line reporting two errors counts as two: node-a is at 6.
        alerts.Hardware("node-a", count: 2);
        ReceivedPost post = await receiver.NextAsync(Patience);
        using JsonDocument json = JsonDocument.Parse(post.Body);
        JsonElement alert = json.RootElement;
        Assert.Equal("hardware-events", alert.GetProperty("trigger").GetString());
        Assert.Equal("firing", alert.GetProperty("status").GetString());
        Assert.Equal("node-a", alert.GetProperty("console").GetString());
        Assert.Equal("node-a-host", alert.GetProperty("host").GetString());
        Assert.Equal("warning", alert.GetProperty("severity").GetString());
        Assert.Equal("6", alert.GetProperty("labels").GetProperty("hardware_errors").GetString());
        Assert.Equal("node-a: 6 hardware errors in the last hour (threshold 5)", alert.GetProperty("title").GetString());

        // Still over the threshold: no second alert; node-b stays under it.
        alerts.Hardware("node-a");
        Assert.Null(await receiver.MaybeNextAsync(TimeSpan.FromSeconds(2)));
        Assert.Single(alerts.Log.Recent(10));
    }

    [Fact]
    public async Task A_group_rule_sums_the_consoles_it_matches_over_the_day_and_an_uncorrected_error_makes_it_critical()
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver, """
                - name: rack-1
                  on: hardware-events
                  consoles: ["rack1-*"]
                  threshold: 3
                  per: day
                  countBy: group
                  send: [hook]
            """));
        alerts.Hardware("rack1-a", at: DateTimeOffset.UtcNow - TimeSpan.FromHours(20));
        alerts.Hardware("other-c", count: 10);
        Assert.Null(await receiver.MaybeNextAsync(TimeSpan.FromSeconds(2)));
        alerts.Hardware("rack1-b", severity: HardwareSeverity.UncorrectedRecoverable);
        alerts.Hardware("rack1-c");

        using JsonDocument json = JsonDocument.Parse((await receiver.NextAsync(Patience)).Body);
        JsonElement alert = json.RootElement;
        Assert.Equal("consoles rack1-*: 3 hardware errors in the last day (threshold 3)", alert.GetProperty("title").GetString());
        Assert.Equal("critical", alert.GetProperty("severity").GetString());
        Assert.Equal("1", alert.GetProperty("labels").GetProperty("hardware_uncorrected").GetString());
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("console").ValueKind);
    }

    [Fact]
    public async Task A_rate_that_falls_back_is_resolved_and_firing_again_within_the_dedupe_window_is_a_duplicate_and_the_rate_limit_holds_back_the_rest()
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver, """
                - name: failing-dimms
                  on: hardware-events
                  threshold: 2
                  send: [hook]
                  dedupeWindow: 1h
                  rateLimit: {burst: 2, every: 1h}
            """));
        // Two errors just inside the hour: they leave the window within seconds, and the rate falls back.
        DateTimeOffset almostAnHourAgo = DateTimeOffset.UtcNow - TimeSpan.FromHours(1) + TimeSpan.FromSeconds(3);
        alerts.Hardware("node-a", at: almostAnHourAgo);
        alerts.Hardware("node-a", at: almostAnHourAgo);
        using (JsonDocument firing = JsonDocument.Parse((await receiver.NextAsync(Patience)).Body))
        {
            Assert.Equal("firing", firing.RootElement.GetProperty("status").GetString());
        }
        using (JsonDocument resolved = JsonDocument.Parse((await receiver.NextAsync(Patience)).Body))
        {
            Assert.Equal("resolved", resolved.RootElement.GetProperty("status").GetString());
            Assert.Equal("node-a: hardware errors back under 2 per hour", resolved.RootElement.GetProperty("title").GetString());
        }

        // Over again within the dedupe window: recorded as a duplicate, not sent.
        alerts.Hardware("node-a");
        alerts.Hardware("node-a");
        // Two more consoles over the threshold: the burst of 2 is spent (the first firing took one), so one is sent
        // and the other is held back by the rate limit.
        alerts.Hardware("node-b", count: 2);
        alerts.Hardware("node-c", count: 2);
        ReceivedPost next = await receiver.NextAsync(Patience);
        Assert.Contains("node-b", next.Body, StringComparison.Ordinal);
        Assert.Null(await receiver.MaybeNextAsync(TimeSpan.FromSeconds(2)));
        IReadOnlyList<AlertDelivery> deliveries = await alerts.DeliveriesAsync(5);
        Assert.Equal(
            [AlertDeliveryResults.Delivered, AlertDeliveryResults.Delivered, AlertDeliveryResults.Delivered, AlertDeliveryResults.Duplicate, AlertDeliveryResults.RateLimited],
            deliveries.Select(d => d.Result).Order(StringComparer.Ordinal));
        Assert.Equal("node-c", deliveries.Single(d => d.Result == AlertDeliveryResults.RateLimited).Console);
    }

    [Fact]
    public async Task A_hardware_rule_added_by_a_reload_counts_the_errors_already_stored_in_its_window()
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver, """
                - name: crashes
                  on: incident
                  send: [hook]
            """));
        // Stored before the rule exists (a daemon restart or a reload looks the same to it); one older than the hour.
        alerts.Hardware("node-a", publish: false);
        alerts.Hardware("node-a", publish: false, count: 2);
        alerts.Hardware("node-a", publish: false, at: DateTimeOffset.UtcNow - TimeSpan.FromHours(2), count: 50);
        await WaitForStoredAsync(alerts, "node-a", 3);

        SolwatchConfig next = new ConfigLoader().Parse($"""
            alerts:
            {Hook(receiver, """
                    - name: crashes
                      on: incident
                      send: [hook]
                    - name: failing-dimms
                      on: hardware-events
                      threshold: 3
                      send: [hook]
                """)}
            consoles:
              - name: demo
                type: replay
                resource: demo
            """, "solwatch.yaml", alerts.Dir).Config;
        var changes = alerts.Engine.Reconfigure(next.Alerts, []);
        Assert.Equal(["failing-dimms"], changes.Rules.ToArray());
        Assert.Empty(changes.Destinations);

        using JsonDocument json = JsonDocument.Parse((await receiver.NextAsync(Patience)).Body);
        Assert.Equal("3", json.RootElement.GetProperty("labels").GetProperty("hardware_errors").GetString());
    }

    private static async Task WaitForStoredAsync(AlertFixture alerts, string console, int count)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (alerts.Store.HardwareEvents(new SolWatch.Storage.Hardware.HardwareQuery { Console = console }).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the hardware events were not stored");
            await Task.Delay(50);
        }
    }
}
