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
    private readonly List<Task> _running = [];
    // Set by Start: a service first asked for later (a console added by a reload) starts its loop at once.
    private (ILogger Log, TimeProvider Clock, CancellationToken Stop)? _started;

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
            if (_started is var (log, clock, stop))
            {
                _running.Add(Task.Run(() => RunForeverAsync(key, ct => run(service, ct), log, clock, stop), CancellationToken.None));
            }
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

    /// <summary>
    /// Runs every registered loop until <paramref name="stop"/>, restarting a failed one after a pause; a service
    /// created after this starts its loop when created.
    /// </summary>
    public void Start(ILogger log, TimeProvider clock, CancellationToken stop)
    {
        lock (_gate)
        {
            _started = (log, clock, stop);
            foreach ((string key, Func<CancellationToken, Task> run) in _loops)
            {
                _running.Add(Task.Run(() => RunForeverAsync(key, run, log, clock, stop), CancellationToken.None));
            }
        }
    }

    /// <summary>Completes when every loop started so far has ended (after the stop token).</summary>
    public Task Completion
    {
        get
        {
            lock (_gate)
            {
                return Task.WhenAll(_running);
            }
        }
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
