using Microsoft.Extensions.Logging;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reading;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>
/// Carries one console's kdump stories to the store: each change of a crash's story to the incident stored for its
/// report (once the store has given that incident its id), and the console's readiness as its boots tell it.
/// </summary>
/// <remarks>
/// Called by the console session under its lock; the store's completions run on pool threads, so the few reports
/// followed are kept under a lock of their own. Only the last <see cref="Followed"/> reports are followed: a story
/// belongs to the report of the crash that ended the kernel, which is among the last ones.
/// </remarks>
internal sealed class KdumpFollower(string console, string? host, IncidentStore store, EventHub events, ILogger log)
{
    private const int Followed = 16;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, Tracked> _byReportStart = [];
    private readonly Queue<long> _order = new();
    private KdumpFinding? _readiness;
    private string? _lastSaid;

    /// <summary>What the console's last boot said about kdump, or null when none said anything yet.</summary>
    public KdumpFinding? Readiness => Volatile.Read(ref _readiness);

    /// <summary>A report was queued for storing: its story's changes go to the incident it becomes.</summary>
    public void Stored(CrashReport report, Task<Incident> stored)
    {
        var tracked = new Tracked();
        lock (_lock)
        {
            if (_byReportStart.TryAdd(report.StartLine, tracked))
            {
                _order.Enqueue(report.StartLine);
            }
            else
            {
                _byReportStart[report.StartLine] = tracked;
            }
            while (_order.Count > Followed && _order.TryDequeue(out long oldest))
            {
                _byReportStart.Remove(oldest);
            }
        }
        stored.ContinueWith(task =>
        {
            if (!task.IsCompletedSuccessfully)
            {
                return; // the session logs the failure; there is nothing to update
            }
            KdumpStoryChanged? waiting;
            lock (_lock)
            {
                tracked.Incident = task.Result;
                waiting = tracked.Waiting;
                tracked.Waiting = null;
            }
            if (waiting is not null)
            {
                Send(task.Result, waiting);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>A story moved on: updates its incident now, or as soon as the incident is stored.</summary>
    public void Changed(KdumpStoryChanged change)
    {
        Incident? incident;
        lock (_lock)
        {
            if (!_byReportStart.TryGetValue(change.ReportStartLine, out Tracked? tracked))
            {
                return; // its report was not stored (rate limit, full queue): nothing to update
            }
            incident = tracked.Incident;
            if (incident is null)
            {
                // Each change is the whole story; only the lines may be left out of a later one.
                tracked.Waiting = change with { CaptureLines = change.CaptureLines ?? tracked.Waiting?.CaptureLines };
                return;
            }
        }
        Send(incident, change);
    }

    /// <summary>The console's readiness changed: kept (the store keeps it across restarts) and logged.</summary>
    public void Ready(KdumpFinding readiness, DateTimeOffset at)
    {
        Volatile.Write(ref _readiness, readiness);
        log.Log(readiness.Armed == false ? LogLevel.Warning : LogLevel.Information, "Console {Console} kdump readiness ({Armed}): {Reason}",
            console, readiness.Armed switch { true => "armed", false => "NOT armed", null => "unknown" }, readiness.Reason);
        if (!store.TrySaveReadiness(new ConsoleReadiness(console, host, readiness, at)))
        {
            log.LogWarning("Console {Console}: its kdump readiness could not be queued for the store (see solwatch health)", console);
        }
    }

    private void Send(Incident incident, KdumpStoryChanged change)
    {
        KdumpFinding kdump = change.Kdump;
        // A change that only hands over the lines after the crash is stored without a second log line.
        string said = $"{incident.Id} {kdump.Outcome.Name()} {kdump.Reason}";
        if (Interlocked.Exchange(ref _lastSaid, said) != said)
        {
            Say(incident, kdump);
        }
        Store(incident, kdump, change.CaptureLines?.Select(l => new TranscriptLine(l.At, l.Text)).ToList());
    }

    private void Say(Incident incident, KdumpFinding kdump)
    {
        log.Log(kdump.Outcome is KdumpOutcome.SaveFailed or KdumpOutcome.CaptureKernelFailed or KdumpOutcome.NotArmed ? LogLevel.Warning : LogLevel.Information,
            "Console {Console}: incident {IncidentId} kdump {Outcome}: {Reason}", console, incident.Id, kdump.Outcome.Name(), kdump.Reason);
    }

    private void Store(Incident incident, KdumpFinding kdump, IReadOnlyList<TranscriptLine>? lines)
    {
        if (!store.TryUpdateKdump(incident, kdump, lines, out Task<Incident> updated))
        {
            log.LogError("Console {Console}: the kdump story of incident {IncidentId} could not be queued for the store (see solwatch health)",
                console, incident.Id);
            return;
        }
        updated.ContinueWith(task =>
        {
            if (task.IsCompletedSuccessfully)
            {
                events.Publish(new IncidentUpdated(task.Result));
            }
            else
            {
                log.LogWarning(task.Exception?.GetBaseException(), "Console {Console}: the kdump story of incident {IncidentId} was not stored",
                    console, incident.Id);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private sealed class Tracked
    {
        public Incident? Incident { get; set; }
        public KdumpStoryChanged? Waiting { get; set; }
    }
}
