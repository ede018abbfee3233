using SolWatch.ConsoleCapture.Pipeline;

namespace SolWatch.ConsoleCapture.Tests.Pipeline;

public sealed class EventHubTests
{
    private static LineReceived Line(int i) => new("c", DateTimeOffset.UnixEpoch.AddSeconds(i), $"line {i}");

    [Fact]
    public void A_slow_subscriber_loses_its_oldest_events_and_never_blocks_the_publisher()
    {
        var hub = new EventHub();
        using EventSubscription slow = hub.Subscribe(capacity: 3);
        for (int i = 0; i < 10; i++)
        {
            hub.Publish(Line(i));
        }
        var kept = new List<string>();
        while (slow.Reader.TryRead(out DaemonEvent? e))
        {
            kept.Add(((LineReceived)e).Text);
        }
        Assert.Equal(["line 7", "line 8", "line 9"], kept);
        Assert.Equal(7, slow.Dropped);
    }

    [Fact]
    public void A_filter_selects_events_and_a_disposed_subscription_receives_nothing_more()
    {
        var hub = new EventHub();
        EventSubscription other = hub.Subscribe(e => e.Console == "other");
        hub.Publish(Line(1));
        Assert.False(other.Reader.TryRead(out _));
        other.Dispose();
        Assert.False(hub.HasSubscribers);
        hub.Publish(new LineReceived("other", DateTimeOffset.UnixEpoch, "x"));
        Assert.False(other.Reader.TryRead(out _));
    }
}
