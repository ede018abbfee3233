using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Kdump;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>
/// Attaches the vmcore-dmesg.txt of a saved dump to its incident: when an incident's kdump story becomes
/// <c>saved</c> on a console with a <c>kdumpHost</c>, fetches the file over SSH once the host is back (retrying with
/// backoff for up to <see cref="RetryFor"/>) and attaches it through the store's one writer; or attaches why not
/// (host key mismatch, login refused, no file), and logs it once. Runs beside capture on its own tasks: it reads the
/// daemon's events from a bounded queue and never blocks a console.
/// </summary>
public sealed class KdumpAttacher : IDisposable
{
    /// <summary>The attachment's name.</summary>
    public const string AttachmentName = "vmcore-dmesg.txt";

    // Replaced whole by a reload (UseHosts); read by the event filter and the reader.
    private ImmutableDictionary<string, KdumpHostSettings> _hosts;
    private readonly IncidentStore _store;
    private readonly ILogger _log;
    private readonly EventSubscription _events;
    private readonly HashSet<long> _started = [];

    /// <summary>Subscribes at once, so no saved story published after this is missed.</summary>
    public KdumpAttacher(ImmutableDictionary<string, KdumpHostSettings> hosts, IncidentStore store, EventHub events, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(events);
        _hosts = hosts;
        _store = store;
        _log = log;
        _events = events.Subscribe(e => Saved(e) is { } i && Volatile.Read(ref _hosts).ContainsKey(i.Console), capacity: 256);
    }

    /// <summary>The consoles' kdump hosts after a reload: dumps saved from now on are fetched with these settings.</summary>
    public void UseHosts(ImmutableDictionary<string, KdumpHostSettings> hosts) => Volatile.Write(ref _hosts, hosts);

    /// <summary>How long a saved dump's host is tried before its attachment says why not (30 min: a reboot after a dump).</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The first wait after a failed try (doubled each time, up to <see cref="MaxDelay"/>).</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between tries.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Follows the events until <paramref name="stop"/>; each saved incident is fetched once, on its own task.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var fetches = new List<Task>();
        try
        {
            await foreach (DaemonEvent e in _events.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                // A console removed by a reload between the event and here has no host any more: nothing to fetch.
                if (Saved(e) is { } incident && Volatile.Read(ref _hosts).TryGetValue(incident.Console, out KdumpHostSettings? host) && _started.Add(incident.Id))
                {
                    fetches.RemoveAll(t => t.IsCompleted);
                    fetches.Add(Task.Run(() => AttachAsync(incident, host, stop), CancellationToken.None));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown: the fetches see the same token.
        }
        await Task.WhenAll(fetches).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _events.Dispose();

    private static Incident? Saved(DaemonEvent e) => e switch
    {
        IncidentUpdated { Incident: { Report.Kdump.Outcome: KdumpOutcome.Saved } i } => i,
        IncidentStored { Incident: { Report.Kdump.Outcome: KdumpOutcome.Saved } i } => i,
        _ => null,
    };

    private async Task AttachAsync(Incident incident, KdumpHostSettings settings, CancellationToken stop)
    {
        DateTimeOffset giveUpAt = DateTimeOffset.UtcNow + RetryFor;
        TimeSpan delay = FirstDelay;
        bool said = false;
        string source = settings.Options.Endpoint + settings.Options.DumpDir;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                KdumpHostOptions options = settings.Resolve();
                using KdumpHostConnection connection = await KdumpHostConnection.ConnectAsync(options, stop).ConfigureAwait(false);
                VmcoreDmesgFetcher.Fetched file = await VmcoreDmesgFetcher.FetchAsync(
                    connection, options, incident.LastLineAt, incident.Report.Kdump?.VmcorePath, stop).ConfigureAwait(false);
                source = options.Endpoint + file.Path;
                _log.LogInformation("Console {Console}: incident {IncidentId}: attached {File} ({Chars} characters{Truncated}) from {Source}",
                    incident.Console, incident.Id, AttachmentName, file.Text.Length, file.Truncated ? ", truncated" : "", source);
                Attach(incident, new IncidentAttachment(AttachmentName, DateTimeOffset.UtcNow, source, file.Text, null) { Truncated = file.Truncated });
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (KdumpHostException e) when (e.Retry && DateTimeOffset.UtcNow + delay < giveUpAt)
            {
                if (!said)
                {
                    said = true;
                    _log.LogWarning("Console {Console}: incident {IncidentId}: {File} not fetched yet ({Reason}); retrying until {GiveUpAt:HH:mm} UTC",
                        incident.Console, incident.Id, AttachmentName, e.Message, giveUpAt.UtcDateTime);
                }
            }
            catch (KdumpHostException e)
            {
                _log.LogWarning("Console {Console}: incident {IncidentId}: {File} not attached after {Attempts} attempt(s): {Reason}",
                    incident.Console, incident.Id, AttachmentName, attempt, e.Message);
                Attach(incident, new IncidentAttachment(AttachmentName, DateTimeOffset.UtcNow, source, null, e.Message));
                return;
            }
            try
            {
                await Task.Delay(delay, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    private void Attach(Incident incident, IncidentAttachment attachment)
    {
        if (!_store.TryAttach(incident, attachment, out Task<Incident> attached))
        {
            _log.LogError("Console {Console}: incident {IncidentId}: {File} could not be queued for the store (see solwatch health)",
                incident.Console, incident.Id, attachment.Name);
            return;
        }
        attached.ContinueWith(t => _log.LogWarning(t.Exception?.GetBaseException(), "Console {Console}: incident {IncidentId}: {File} was not stored",
            incident.Console, incident.Id, attachment.Name), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
