using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// Things several consoles share (one netconsole UDP socket serves many senders): created once by the first console
/// type that asks, each with a loop that the pipeline runs — and restarts after a failure — until shutdown.
/// </summary>
public sealed class SharedServices
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, object> _services = new(StringComparer.Ordinal);
    private readonly List<(string Key, Func<CancellationToken, Task> Run)> _loops = [];
    private readonly Lock _gate = new();

    /// <summary>The service called <paramref name="key"/>, created (and its <paramref name="run"/> loop registered) on first use.</summary>
    public T GetOrAdd<T>(string key, Func<T> create, Func<T, CancellationToken, Task> run)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            if (_services.TryGetValue(key, out object? existing))
            {
                return (T)existing;
            }
            T service = create();
            _services[key] = service;
            _loops.Add((key, ct => run(service, ct)));
            return service;
        }
    }

    /// <summary>The services of type <typeparamref name="T"/> created so far (e.g. the netconsole listeners, for the health report).</summary>
    public IReadOnlyList<T> OfType<T>()
        where T : class
    {
        lock (_gate)
        {
            return [.. _services.Values.OfType<T>()];
        }
    }

    /// <summary>Runs every registered loop until <paramref name="stop"/>, restarting a failed one after a pause.</summary>
    public IEnumerable<Task> RunAll(ILogger log, TimeProvider clock, CancellationToken stop)
    {
        List<(string Key, Func<CancellationToken, Task> Run)> loops;
        lock (_gate)
        {
            loops = [.. _loops];
        }
        return loops.Select(l => Task.Run(() => RunForeverAsync(l.Key, l.Run, log, clock, stop)));
    }

    private static async Task RunForeverAsync(string key, Func<CancellationToken, Task> run, ILogger log, TimeProvider clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await run(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError("{Service} failed: {Error}; retrying in {Delay}s", key, e.Message, RetryDelay.TotalSeconds);
            }
            try
            {
                await Task.Delay(RetryDelay, clock, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
