using System.Diagnostics;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// A value that is costly to build (every console's status, serialized) and asked for by many requests at once: one
/// build at a time, shared by every request that asked for a value no older than that build. With 2,000 consoles and
/// a hundred pages or scripts asking, the daemon serializes the list once per round of requests, not once per request,
/// and a build never waits on a lock held by capture (it only reads the sessions' atomic counters).
/// </summary>
/// <typeparam name="T">The built value (immutable).</typeparam>
internal sealed class SharedSnapshot<T>
    where T : class
{
    private readonly Func<T?, T> _build;
    private readonly Lock _gate = new();
    private Built? _current;
    // The build under way (its caller completes it), or null.
    private Task<Built>? _running;

    /// <param name="build">Builds the value; gets the previous one (or null), e.g. to keep it when nothing changed.</param>
    public SharedSnapshot(Func<T?, T> build) => _build = build;

    /// <summary>
    /// A value whose build started at or after <paramref name="notBefore"/> (a <see cref="Stopwatch"/> timestamp):
    /// the current one when it is recent enough, else the next one built, by this caller or the one already building.
    /// </summary>
    public async ValueTask<T> GetAsync(long notBefore, CancellationToken ct)
    {
        while (true)
        {
            Task<Built> running;
            TaskCompletionSource<Built>? mine = null;
            lock (_gate)
            {
                if (_current is { } recent && recent.StartedAt >= notBefore)
                {
                    return recent.Value;
                }
                if (_running is null)
                {
                    mine = new TaskCompletionSource<Built>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _running = mine.Task;
                }
                running = _running;
            }
            if (mine is not null)
            {
                return Build(mine).Value;
            }
            // Someone else builds: wait for it, then look again (it may have started before notBefore).
            await running.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private Built Build(TaskCompletionSource<Built> mine)
    {
        Built built;
        try
        {
            long started = Stopwatch.GetTimestamp();
            built = new Built(_build(Volatile.Read(ref _current)?.Value), started);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _running = null;
            }
            mine.SetException(e);
            throw;
        }
        lock (_gate)
        {
            _current = built;
            _running = null;
        }
        mine.SetResult(built);
        return built;
    }

    private sealed record Built(T Value, long StartedAt);
}
