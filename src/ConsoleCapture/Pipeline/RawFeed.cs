namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>
/// A console's received bytes, exactly as the collector delivered them, for live viewers (the dashboard's terminal).
/// Capture pays one array read per chunk when nobody watches (<see cref="HasViewers"/>); with viewers, one copy into
/// each viewer's bounded buffer, which never blocks nor grows (<see cref="RawViewer"/>): a viewer that falls behind loses
/// its oldest bytes and is told how many.
/// </summary>
public sealed class RawFeed
{
    /// <summary>What each viewer may hold before it loses its oldest bytes.</summary>
    public const int DefaultCapacity = 256 * 1024;

    // Copy-on-write: publishing (hot, per chunk) reads the array without a lock; subscribing is rare.
    private RawViewer[] _viewers = [];
    private readonly Lock _gate = new();
    private bool _completed;

    /// <summary>Whether anyone watches (capture skips <see cref="Publish"/> otherwise).</summary>
    public bool HasViewers => Volatile.Read(ref _viewers).Length > 0;

    /// <summary>A new viewer of the bytes received from now on; dispose it to stop watching.</summary>
    public RawViewer Subscribe(int capacity = DefaultCapacity)
    {
        var viewer = new RawViewer(this, capacity);
        lock (_gate)
        {
            if (_completed)
            {
                // The console's session ended (shutdown or a reload restarted it): nothing will come.
                viewer.Complete();
                return viewer;
            }
            Volatile.Write(ref _viewers, [.. _viewers, viewer]);
        }
        return viewer;
    }

    /// <summary>Copies <paramref name="bytes"/> to every viewer; never blocks on a reader.</summary>
    public void Publish(ReadOnlySpan<byte> bytes)
    {
        foreach (RawViewer viewer in Volatile.Read(ref _viewers))
        {
            viewer.Offer(bytes);
        }
    }

    /// <summary>The console's session ended: every viewer reads what it holds, then its end.</summary>
    public void Complete()
    {
        RawViewer[] viewers;
        lock (_gate)
        {
            _completed = true;
            viewers = _viewers;
            Volatile.Write(ref _viewers, []);
        }
        foreach (RawViewer viewer in viewers)
        {
            viewer.Complete();
        }
    }

    internal void Remove(RawViewer viewer)
    {
        lock (_gate)
        {
            Volatile.Write(ref _viewers, [.. _viewers.Where(v => v != viewer)]);
        }
    }
}
