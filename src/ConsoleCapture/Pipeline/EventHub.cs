using System.Collections.Immutable;
using System.Threading.Channels;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>
/// Fans daemon events out to subscribers (API tail streams, live views). Publishing never blocks: each subscriber
/// has its own bounded queue that drops its oldest events when the reader is slow, so one stuck HTTP client can
/// neither stall capture nor grow memory.
/// </summary>
public sealed class EventHub
{
    // Copy-on-write: publishing (hot, per line) reads the array without a lock; subscribing is rare.
    private ImmutableArray<EventSubscription> _subscribers = [];
    private readonly Lock _gate = new();

    /// <summary>Whether anyone listens (lets publishers skip building events).</summary>
    public bool HasSubscribers => !_subscribers.IsEmpty;

    /// <summary>Subscribes to the events <paramref name="filter"/> accepts (all when null).</summary>
    public EventSubscription Subscribe(Func<DaemonEvent, bool>? filter = null, int capacity = 4096)
    {
        var subscription = new EventSubscription(this, filter, capacity);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(subscription);
        }
        return subscription;
    }

    /// <summary>Delivers <paramref name="e"/> to every interested subscriber; never blocks.</summary>
    public void Publish(DaemonEvent e)
    {
        foreach (EventSubscription s in _subscribers)
        {
            s.Offer(e);
        }
    }

    internal void Remove(EventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscription);
        }
    }
}

/// <summary>One subscriber's bounded, drop-oldest queue of events. Dispose to unsubscribe.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventHub _hub;
    private readonly Func<DaemonEvent, bool>? _filter;
    private readonly Channel<DaemonEvent> _channel;
    private long _dropped;

    internal EventSubscription(EventHub hub, Func<DaemonEvent, bool>? filter, int capacity)
    {
        _hub = hub;
        _filter = filter;
        _channel = Channel.CreateBounded<DaemonEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The events, in publication order (minus the dropped ones).</summary>
    public ChannelReader<DaemonEvent> Reader => _channel.Reader;

    /// <summary>Events dropped because this reader was too slow.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Offer(DaemonEvent e)
    {
        if (_filter is null || _filter(e))
        {
            _channel.Writer.TryWrite(e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _hub.Remove(this);
        _channel.Writer.TryComplete();
    }
}
