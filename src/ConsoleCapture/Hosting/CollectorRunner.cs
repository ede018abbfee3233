using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Pipeline;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// Runs one console's collector until shutdown: runs it again after a jittered exponential backoff whenever it
/// returns or throws, and marks each gap in the transcript through the session.
/// </summary>
internal static class CollectorRunner
{
    private static readonly TimeSpan InitialDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);
    // A connection that lasted this long was healthy: the next failure starts the backoff afresh.
    private static readonly TimeSpan HealthyPeriod = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(IConsoleCollector collector, ConsoleSession session, TimeProvider clock, CancellationToken stop)
    {
        TimeSpan delay = InitialDelay;
        while (!stop.IsCancellationRequested)
        {
            session.SetState(ConsoleState.Connecting, collector.Endpoint);
            DateTimeOffset started = clock.GetUtcNow();
            string reason;
            try
            {
                await collector.RunAsync(session, stop);
                reason = $"{collector.Endpoint} closed the console";
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                reason = $"{collector.Endpoint} failed: {e.Message}";
            }
            if (stop.IsCancellationRequested)
            {
                return;
            }
            DateTimeOffset now = clock.GetUtcNow();
            if (now - started >= HealthyPeriod)
            {
                delay = InitialDelay;
            }
            TimeSpan wait = delay * (0.5 + Random.Shared.NextDouble());
            session.OnGap(now, $"{reason}; retrying in {wait.TotalSeconds:0.#}s");
            try
            {
                await Task.Delay(wait, clock, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
        }
    }
}
