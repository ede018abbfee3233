using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Supervision;

/// <summary>
/// Runs one collector until cancelled: reconnects with jittered exponential backoff, keeps an immutable
/// <see cref="Status"/> snapshot for others to read, and reports every loss of the console as a
/// <see cref="ConsoleGap"/> so the pipeline can mark it in the transcript.
/// Holds no thread of its own: it is one async loop, so thousands of them cost only their buffers.
/// </summary>
public sealed class ConsoleSupervisor
{
    private readonly IConsoleCollector _collector;
    private readonly IConsoleSink _sink;
    private readonly SupervisorOptions _options;
    private readonly Action<ConsoleGap> _onGap;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private ConsoleStatus _status;
    // Counted outside the snapshot record so that a busy console does not allocate a record per chunk.
    private long _bytes;
    private long _lastDataUtcTicks;

    /// <summary>Creates a supervisor; nothing runs until <see cref="RunAsync"/>.</summary>
    /// <param name="collector">The console's collector.</param>
    /// <param name="sink">Receives the bytes (and connect notices) of every connection.</param>
    /// <param name="options">Backoff settings.</param>
    /// <param name="onGap">Called (on the supervisor's task, must not block) each time the console is lost.</param>
    /// <param name="time">Clock and timers (tests may pass a fake); the system clock by default.</param>
    /// <param name="random">Jitter source; a shared thread-safe one by default.</param>
    public ConsoleSupervisor(
        IConsoleCollector collector, IConsoleSink sink, SupervisorOptions options, Action<ConsoleGap> onGap,
        TimeProvider? time = null, Random? random = null)
    {
        _collector = collector ?? throw new ArgumentNullException(nameof(collector));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _onGap = onGap ?? throw new ArgumentNullException(nameof(onGap));
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _status = new ConsoleStatus(collector.Endpoint, ConsoleState.Connecting, _time.GetUtcNow(), null, null, null, 0, 0, null);
    }

    /// <summary>The latest snapshot (replaced atomically, never mutated).</summary>
    public ConsoleStatus Status
    {
        get
        {
            long ticks = Interlocked.Read(ref _lastDataUtcTicks);
            return Volatile.Read(ref _status) with
            {
                Bytes = Interlocked.Read(ref _bytes),
                LastDataAt = ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero),
            };
        }
    }

    /// <summary>Raised after every change of state or reason with the new snapshot (on the supervisor's or the collector's
    /// task; must not block).</summary>
    public event Action<ConsoleStatus>? StatusChanged;

    /// <summary>
    /// Runs the collector again and again until <paramref name="cancellationToken"/> is cancelled (the one
    /// shutdown path), then returns with the state <see cref="ConsoleState.Stopped"/>. Never throws for a console
    /// failure; those become backoffs, <see cref="ConsoleStatus.LastError"/> and gaps.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int consecutiveFailures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Update(s => s with { State = ConsoleState.Connecting, Since = _time.GetUtcNow(), BackoffUntil = null, Why = null });
            var counting = new CountingSink(this);
            string why;
            try
            {
                await _collector.RunAsync(counting, cancellationToken).ConfigureAwait(false);
                why = "peer closed the console";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                why = ex.Message;
                Update(s => s with { LastError = ex.Message });
            }
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            DateTimeOffset now = _time.GetUtcNow();
            if (counting.ConnectedAt is { } connectedAt)
            {
                // Bytes may have been lost from here until the next OnConnected: one gap per outage, however
                // many attempts it takes to come back.
                _onGap(new ConsoleGap(now, why));
                if (now - connectedAt >= _options.HealthyAfter)
                {
                    consecutiveFailures = 0;
                }
            }
            consecutiveFailures++;
            TimeSpan delay = _options.JitteredDelay(consecutiveFailures, _random.NextDouble());
            Update(s => s with { State = ConsoleState.BackingOff, Since = now, BackoffUntil = now + delay, Why = why });
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Update(s => s with { State = ConsoleState.Stopped, Since = _time.GetUtcNow(), BackoffUntil = null });
    }

    private void Update(Func<ConsoleStatus, ConsoleStatus> change)
    {
        // The supervisor loop and the collector's OnConnected call may race (a collector may connect from
        // another task); the CAS loop keeps one change from overwriting the other.
        ConsoleStatus before, after;
        do
        {
            before = Volatile.Read(ref _status);
            after = change(before);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _status, after, before), before));
        // A new state, or a new reason in the same one (a collector saying what it waits for while connecting).
        if (before.State != after.State || !string.Equals(before.Why, after.Why, StringComparison.Ordinal))
        {
            StatusChanged?.Invoke(Status);
        }
    }

    /// <summary>Counts bytes and notes the connect, then forwards to the real sink.</summary>
    private sealed class CountingSink(ConsoleSupervisor owner) : IConsoleSink
    {
        public DateTimeOffset? ConnectedAt { get; private set; }

        public void OnConnected(string detail)
        {
            DateTimeOffset now = owner._time.GetUtcNow();
            ConnectedAt = now;
            owner.Update(s => s with { State = ConsoleState.Connected, Since = now, Connects = s.Connects + 1, BackoffUntil = null, Why = null });
            owner._sink.OnConnected(detail);
        }

        public void OnWaiting(string why)
        {
            // Shown as the console's detail while it is still connecting (ConsoleSession.Detail), never over a connection.
            owner.Update(s => s.State == ConsoleState.Connecting ? s with { Why = why } : s);
            owner._sink.OnWaiting(why);
        }

        public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt)
        {
            Interlocked.Add(ref owner._bytes, bytes.Length);
            Interlocked.Exchange(ref owner._lastDataUtcTicks, receivedAt.UtcTicks);
            owner._sink.OnBytes(bytes, receivedAt);
        }
    }
}
