using System.Threading.Channels;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>
/// One viewer's bytes of a <see cref="RawFeed"/>: a ring of fixed capacity that the collector's thread writes into
/// (a copy under a lock only ever held for a copy, never while waiting) and the viewer's stream reads from. When the
/// ring is full the oldest bytes go: <see cref="Take"/> says how many were lost right before the bytes it returns, so
/// the viewer can mark the gap and go on (resync). Memory is the capacity, whatever the console prints.
/// </summary>
public sealed class RawViewer : IDisposable
{
    private readonly RawFeed _feed;
    private readonly Lock _gate = new();
    private readonly byte[] _ring;
    private int _start;
    private int _count;
    private long _skipped;
    // Rings when bytes arrive (one pending ring at most) and completes when the feed does.
    private readonly Channel<bool> _bell = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    internal RawViewer(RawFeed feed, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _feed = feed;
        _ring = new byte[capacity];
    }

    /// <summary>The most bytes held at once.</summary>
    public int Capacity => _ring.Length;

    /// <summary>The bytes held now (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Until there may be bytes to take (true) or the feed ended and everything was taken (false).</summary>
    public async ValueTask<bool> WaitAsync(CancellationToken ct)
    {
        if (await _bell.Reader.WaitToReadAsync(ct))
        {
            return true;
        }
        lock (_gate)
        {
            return _count > 0 || _skipped > 0;
        }
    }

    /// <summary>
    /// Moves the oldest bytes held (at most <paramref name="destination"/>'s length) into it; <paramref name="skipped"/>
    /// is the number of bytes lost to overflow since the last take, all of which came right before the bytes returned.
    /// </summary>
    public int Take(Span<byte> destination, out long skipped)
    {
        _bell.Reader.TryRead(out _);
        lock (_gate)
        {
            int n = Math.Min(_count, destination.Length);
            int first = Math.Min(n, _ring.Length - _start);
            _ring.AsSpan(_start, first).CopyTo(destination);
            _ring.AsSpan(0, n - first).CopyTo(destination[first..]);
            _start = (_start + n) % _ring.Length;
            _count -= n;
            skipped = _skipped;
            _skipped = 0;
            if (_count > 0)
            {
                _bell.Writer.TryWrite(true);
            }
            return n;
        }
    }

    internal void Offer(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (bytes.Length >= _ring.Length)
            {
                // More than the ring holds: what it held and the start of these bytes are lost.
                _skipped += _count + bytes.Length - _ring.Length;
                bytes = bytes[^_ring.Length..];
                _start = 0;
                _count = 0;
            }
            int over = _count + bytes.Length - _ring.Length;
            if (over > 0)
            {
                _start = (_start + over) % _ring.Length;
                _count -= over;
                _skipped += over;
            }
            int end = (_start + _count) % _ring.Length;
            int first = Math.Min(bytes.Length, _ring.Length - end);
            bytes[..first].CopyTo(_ring.AsSpan(end));
            bytes[first..].CopyTo(_ring);
            _count += bytes.Length;
        }
        _bell.Writer.TryWrite(true);
    }

    internal void Complete() => _bell.Writer.TryComplete();

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        _feed.Remove(this);
        Complete();
    }
}
