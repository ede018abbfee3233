using System.Text.Json;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Kdump;
using SolWatch.Storage.Alerts;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Tests.Alerts;

/// <summary>The kdump-failed and console-down triggers, end to end through a real engine to a real HTTP receiver.</summary>
public sealed class TriggerDeliveryTests
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

    private static KdumpFinding Dump(KdumpOutcome outcome, string reason) =>
        new(KdumpFindingKind.DumpAttempt, 1, 2, true, outcome, reason, null, null, null, null, false, []);

    [Theory]
    [InlineData(KdumpOutcome.SaveFailed, "save-failed")]
    [InlineData(KdumpOutcome.CaptureKernelFailed, "capture-kernel-failed")]
    [InlineData(KdumpOutcome.NotArmed, "not-armed")]
    public async Task A_kdump_story_that_ends_without_a_dump_raises_one_alert_naming_the_outcome(KdumpOutcome outcome, string name)
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver, """
                - name: lost-dumps
                  on: kdump-failed
                  send: [hook]
            """));
        Incident incident = await alerts.CrashAsync("web-1");

        // The story moves on twice with the same ending (as a follower re-tells it): one alert.
        for (int i = 0; i < 2; i++)
        {
            Assert.True(alerts.Store.TryUpdateKdump(incident, Dump(outcome, "makedumpfile failed: No space left on device"), null, out Task<Incident> updated));
            alerts.Events.Publish(new IncidentUpdated(await updated));
        }

        ReceivedPost post = await receiver.NextAsync(Patience);
        using JsonDocument json = JsonDocument.Parse(post.Body);
        Assert.Equal("kdump-failed", json.RootElement.GetProperty("trigger").GetString());
        Assert.Equal(name, json.RootElement.GetProperty("labels").GetProperty("kdump_outcome").GetString());
        Assert.Equal(incident.Id, json.RootElement.GetProperty("incidentId").GetInt64());
        Assert.Contains(name, json.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        IReadOnlyList<AlertDelivery> deliveries = await alerts.DeliveriesAsync(2);
        // The duplicate is decided at once, the delivery when the receiver answered: either may be recorded first.
        Assert.Equal([AlertDeliveryResults.Delivered, AlertDeliveryResults.Duplicate], deliveries.Select(d => d.Result).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_saved_dump_raises_no_kdump_alert()
    {
        await using var receiver = AlertReceiver.Start();
        await using var alerts = AlertFixture.Start(Hook(receiver, """
                - name: lost-dumps
                  on: kdump-failed
                  send: [hook]
            """));
        Incident incident = await alerts.CrashAsync("web-1");

        Assert.True(alerts.Store.TryUpdateKdump(incident, Dump(KdumpOutcome.Saved, "saved to /var/crash"), null, out Task<Incident> updated));
        alerts.Events.Publish(new IncidentUpdated(await updated));

        Assert.Null(await receiver.MaybeNextAsync(TimeSpan.FromSeconds(2)));
        Assert.Empty(alerts.Log.Recent(10));
    }

    [Fact]
    public async Task A_console_down_for_longer_than_down_for_raises_an_alert_and_its_return_resolves_it()
    {
        await using var receiver = AlertReceiver.Start();
        DateTimeOffset since = DateTimeOffset.UtcNow;
        var down = new ConsoleSummary("db-1", "db-1-host", "tcp", "tcp://127.0.0.1:9", "BackingOff", since, "connect failed: Connection refused", null, 0, 0, null);
        var up = new ConsoleSummary("web-1", null, "tcp", "tcp://127.0.0.1:10", "Connected", since, null, null, 0, 0, null);
        await using var alerts = AlertFixture.Start(Hook(receiver, """
                - name: down
                  on: console-down
                  downFor: 1s
                  send: [hook]
            """), down, up);

        ReceivedPost firing = await receiver.NextAsync(Patience);
        alerts.Events.Publish(new ConsoleStateChanged(down with { State = "Connected", Since = DateTimeOffset.UtcNow, Detail = null }));
        ReceivedPost resolved = await receiver.NextAsync(Patience);

        using JsonDocument f = JsonDocument.Parse(firing.Body);
        using JsonDocument r = JsonDocument.Parse(resolved.Body);
        Assert.Equal(("db-1", "firing"), (f.RootElement.GetProperty("console").GetString(), f.RootElement.GetProperty("status").GetString()));
        Assert.Contains("Connection refused", f.RootElement.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal(("db-1", "resolved"), (r.RootElement.GetProperty("console").GetString(), r.RootElement.GetProperty("status").GetString()));
        Assert.Equal(f.RootElement.GetProperty("key").GetString(), r.RootElement.GetProperty("key").GetString());
        // web-1 was connected all along: no alert for it.
        Assert.Null(await receiver.MaybeNextAsync(TimeSpan.FromSeconds(2)));
    }
}
