using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Alerts.Senders;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Metrics;
using SolWatch.Storage.Alerts;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>
/// One destination's bounded queue and its one sender loop (the shape of Serilog's batching sink): the engine never
/// waits for a destination, a slow or dead one fills only its own queue (then alerts for it are dropped and counted),
/// and each alert is tried 1 + retries times with exponential backoff and jitter before it becomes a dead letter.
/// Every outcome is recorded in the <see cref="AlertDeliveryLog"/>.
/// </summary>
internal sealed class DestinationQueue
{
    /// <summary>Alerts waiting per destination at most.</summary>
    public const int Capacity = 1000;

    private readonly IAlertSender _sender;
    private readonly AlertDeliveryLog _log;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Channel<Alert> _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait, SingleReader = true,
    });
    private int _depth;

    public DestinationQueue(IAlertSender sender, AlertDeliveryLog log, ILogger logger, TimeProvider clock)
    {
        _sender = sender;
        _log = log;
        _logger = logger;
        _clock = clock;
    }

    public string Name => _sender.Config.Name;

    /// <summary>The destination's settings (a reload keeps this queue while they stay the same).</summary>
    public AlertDestinationConfig Config => _sender.Config;

    /// <summary>Alerts waiting or being sent.</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>Queues <paramref name="alert"/>; never blocks. A full queue records it as dropped.</summary>
    public void Offer(Alert alert)
    {
        Interlocked.Increment(ref _depth);
        if (!_queue.Writer.TryWrite(alert))
        {
            Interlocked.Decrement(ref _depth);
            Record(alert, AlertDeliveryResults.Dropped, 0, $"the queue of {Name} is full ({Capacity} alerts waiting)", payload: null);
        }
    }

    /// <summary>No more alerts; <see cref="RunAsync"/> ends when the queue is empty (or it is cancelled).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await foreach (Alert alert in _queue.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await DeliverAsync(alert, ct);
                }
                finally
                {
                    Interlocked.Decrement(ref _depth);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown: what is still queued is not sent.
        }
    }

    private async Task DeliverAsync(Alert alert, CancellationToken ct)
    {
        string payload = _sender.Payload(alert);
        int attempts = 0;
        var config = _sender.Config;
        while (true)
        {
            attempts++;
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
                attempt.CancelAfter(config.Timeout);
                try
                {
                    await _sender.SendAsync(alert, payload, attempt.Token);
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    throw new AlertSendException($"no answer within {config.Timeout.TotalSeconds:0.###}s", retryable: true, e);
                }
                Record(alert, AlertDeliveryResults.Delivered, attempts, null, null);
                return;
            }
            catch (AlertSendException e)
            {
                SolwatchInstruments.AlertAttemptsFailed.Add(1, new KeyValuePair<string, object?>("destination", Name));
                if (!e.Retryable || attempts > config.Retries)
                {
                    _logger.LogError("Alert {Key} to {Destination} given up after {Attempts} attempt(s): {Error}", alert.Key, Name, attempts, e.Message);
                    Record(alert, AlertDeliveryResults.DeadLetter, attempts, e.Message, payload);
                    return;
                }
                TimeSpan delay = Delay(attempts, config.Backoff, config.MaxBackoff);
                _logger.LogWarning("Alert {Key} to {Destination} failed (attempt {Attempt}), retrying in {Delay}: {Error}", alert.Key, Name, attempts, delay, e.Message);
                await Task.Delay(delay, _clock, ct);
            }
        }
    }

    /// <summary>Exponential backoff with equal jitter: half of min(initial·2^(n-1), max) fixed, half random.</summary>
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan max)
    {
        double ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30)), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private void Record(Alert alert, string result, int attempts, string? error, string? payload) =>
        AlertRecorder.Record(_log, _logger, _clock, alert, Name, _sender.Config.Type, result, attempts, error, payload);
}
