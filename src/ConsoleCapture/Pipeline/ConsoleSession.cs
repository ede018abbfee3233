using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reading;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Hardware;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>
/// The pipeline of one console: collector bytes → <see cref="LineFramer"/> → each line to the transcript first,
/// then to the <see cref="ConsoleReader"/> (crash detector and kdump tracker); completed reports become incidents with
/// the lines before them, and their kdump stories update those incidents as the capture kernel runs
/// (<see cref="KdumpFollower"/>). The bytes themselves go to live viewers first (<see cref="Raw"/>), when there are any.
/// Work is done inline on the collector's thread: framing and detection are cheap and both stores queue without
/// blocking, so a per-console queue would only add memory. A lock serializes the collector with the quiet-console
/// timer (<see cref="FlushIfQuiet"/>) and shutdown (<see cref="Complete"/>).
/// </summary>
public sealed class ConsoleSession : IConsoleSink
{
    private readonly Lock _gate = new();
    private readonly TranscriptStore _transcripts;
    private readonly IncidentStore _incidents;
    private readonly EventHub _events;
    private readonly SessionOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private FramedBatch? _framed;
    private readonly ContextRing _ring;
    private LineFramer? _framer;
    private ConsoleReader? _reader;
    private readonly KdumpFollower _kdump;
    private long _lineNumber;
    private bool _quietHandled = true;
    private bool _hangHandled = true;
    // Status parts written by different threads (collector, store completion, supervisor): each written atomically,
    // composed on read, so no update is lost.
    private readonly ConsoleSummary _identity;
    private readonly string _name;
    private Supervision.ConsoleStatus? _connection;
    private string? _problem;
    // The reason last logged for a console that has never connected (LogIfNeverConnected).
    private string? _unreachableLogged;
    private bool _failed;
    private bool _removed;
    private long _lines;
    private long _detectorFailures;
    private long _lastLineTicks;
    private string? _lastLine;
    private long _incidentsStored;
    private long _incidentsSuppressed;
    private readonly IncidentRateLimiter _limiter;

    /// <summary>Creates the session of one console.</summary>
    public ConsoleSession(
        ConsoleSummary initial, TranscriptStore transcripts, IncidentStore incidents, EventHub events,
        SessionOptions options, ILogger log, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(options);
        _identity = initial;
        _name = initial.Name;
        _transcripts = transcripts;
        _incidents = incidents;
        _events = events;
        _options = options;
        _log = log;
        _clock = clock ?? TimeProvider.System;
        // Room for the context before a report plus the longest report the detector builds.
        _ring = new ContextRing(options.ContextLines + options.Detector.MaxReportLines + 8);
        _limiter = new IncidentRateLimiter(_name, options.RateLimit, _clock);
        _kdump = new KdumpFollower(_name, initial.Host, incidents, events, log);
        if (options.RawTranscript)
        {
            transcripts.EnableRaw(_name);
        }
    }

    /// <summary>The console's name.</summary>
    public string Name => _identity.Name;

    /// <summary>The bytes as received, for live viewers (the dashboard's terminal); ends with the session.</summary>
    public RawFeed Raw { get; } = new();

    /// <summary>What the console's last boot said about kdump (armed or not, and why), or null when it said nothing yet.</summary>
    public KdumpFinding? KdumpReadiness => _kdump.Readiness;

    /// <summary>The last line received since the daemon started (the consoles page shows it), or null.</summary>
    public string? LastLine => Volatile.Read(ref _lastLine);

    /// <summary>Current status snapshot.</summary>
    public ConsoleSummary Status
    {
        get
        {
            Supervision.ConsoleStatus? connection = Volatile.Read(ref _connection);
            string? problem = Volatile.Read(ref _problem);
            long ticks = Interlocked.Read(ref _lastLineTicks);
            return _identity with
            {
                State = Volatile.Read(ref _removed) ? "Stopped"
                    : Volatile.Read(ref _failed) ? ConsoleSummary.Failed
                    : connection is null ? ConsoleSummary.Starting : ConsoleSummary.StateOf(connection),
                Since = connection?.Since ?? _identity.Since,
                Detail = connection?.State == ConsoleState.Connected ? null : problem ?? connection?.Why,
                Connection = connection,
                Lines = Interlocked.Read(ref _lines),
                Incidents = Interlocked.Read(ref _incidentsStored),
                IncidentsSuppressed = Interlocked.Read(ref _incidentsSuppressed),
                LastLineAt = ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero),
            };
        }
    }

    /// <inheritdoc />
    public void OnConnected(string detail)
    {
        _log.LogInformation("Console {Console} connected: {Detail}", _name, detail);
    }

    /// <inheritdoc />
    public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt)
    {
        lock (_gate)
        {
            if (Raw.HasViewers)
            {
                // Before framing: a prompt without its newline, colours and cursor movement reach a watcher as sent.
                Raw.Publish(bytes);
            }
            if (_options.RawTranscript)
            {
                // The bytes exactly as delivered, before any framing: the forensic record.
                _transcripts.AppendRaw(_name, receivedAt, bytes);
            }
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            // Lazy: a console that never printed holds neither a framer buffer nor a detector.
            _framer ??= new LineFramer(_options.Framer);
            FramedBatch framed = _framed ??= new FramedBatch();
            _framer.Push(bytes, framed);
            if (framed.Count > 1)
            {
                // A read's worth of lines: the detector searches them all at once, where the framer laid them out
                // (see CrashDetector.PreScan).
                _reader ??= new ConsoleReader(_options.Detector);
                try
                {
                    _reader.PreScan(framed);
                }
                catch (Exception e)
                {
                    DetectorFailed(e, _lineNumber + 1);
                }
            }
            for (int i = 0; i < framed.Count; i++)
            {
                HandleLine(framed[i], receivedAt);
            }
            framed.Clear();
            if (Metrics.SolwatchInstruments.DetectorDuration.Enabled)
            {
                Metrics.SolwatchInstruments.DetectorDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }

    /// <summary>
    /// The console was lost (<paramref name="gap"/>): the unfinished line is ended and the gap is marked in the
    /// transcript so readers see where output may be missing.
    /// </summary>
    public void OnGap(ConsoleGap gap)
    {
        ArgumentNullException.ThrowIfNull(gap);
        lock (_gate)
        {
            EndPartialLine(gap.At);
            _transcripts.AppendGap(_name, gap.At, gap.Reason);
        }
        _log.LogWarning("Console {Console} lost: {Reason}", _name, gap.Reason);
    }

    /// <summary>The supervisor's new snapshot: kept for <see cref="Status"/> and published.</summary>
    public void OnStatus(Supervision.ConsoleStatus connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Volatile.Write(ref _connection, connection);
        _events.Publish(new ConsoleStateChanged(Status));
        LogIfNeverConnected(connection);
    }

    /// <summary>
    /// A console that has not connected once (a wrong port, a console server that is down) would otherwise say nothing
    /// in the log after its start line ("lost" is logged only for a console that was connected): its first failure is
    /// logged, and again whenever the reason changes, never each retry. A known problem (a missing device) was logged at
    /// start already.
    /// </summary>
    private void LogIfNeverConnected(Supervision.ConsoleStatus connection)
    {
        if (connection.State != ConsoleState.BackingOff || connection.Connects > 0 || connection.Why is not { } why
            || Volatile.Read(ref _problem) is not null
            || string.Equals(Interlocked.Exchange(ref _unreachableLogged, why), why, StringComparison.Ordinal))
        {
            return;
        }
        _log.LogWarning("Console {Console} has not connected yet: {Reason}; retrying with backoff (solwatch consoles shows its state)", _name, why);
    }

    /// <summary>
    /// A known problem of this console (e.g. its device is missing), shown as the detail until it connects;
    /// with <paramref name="fatal"/> the console does not run at all and shows Failed.
    /// </summary>
    public void ReportProblem(string problem, bool fatal)
    {
        Volatile.Write(ref _problem, problem);
        Volatile.Write(ref _failed, fatal);
        _events.Publish(new ConsoleStateChanged(Status));
    }

    /// <summary>
    /// The console was taken out of the configuration by a reload (after <see cref="Complete"/>): it shows Stopped,
    /// and the state change is published so that alert rules stop counting it as down.
    /// </summary>
    public void MarkRemoved()
    {
        Volatile.Write(ref _problem, "removed from the configuration");
        Volatile.Write(ref _removed, true);
        _events.Publish(new ConsoleStateChanged(Status));
    }

    /// <summary>
    /// Called periodically: when the console has printed nothing for the detector's quiet period, ends the unfinished
    /// line, closes the open report (a panicked machine prints nothing more) and trims the context buffer.
    /// </summary>
    public void FlushIfQuiet(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_limiter.TakeEndedWindow() is { } summary)
            {
                StoreSummary(summary);
            }
            if (_reader is null)
            {
                return;
            }
            TimeSpan quiet = TimeSpan.FromTicks(now.UtcTicks - Interlocked.Read(ref _lastLineTicks));
            if (!_hangHandled && quiet >= _options.KdumpHangAfter)
            {
                // A capture kernel (or the jump to it) that printed nothing for this long is taken as hung.
                _hangHandled = true;
                Handle(_reader.MarkQuiet(quiet), now);
            }
            if (_quietHandled || quiet < _options.Detector.QuietPeriod)
            {
                return;
            }
            EndPartialLine(now);
            Handle(_reader.Flush(now), now);
            _ring.TrimTo(_options.ContextLines);
            _quietHandled = true;
        }
    }

    /// <summary>End of capture (shutdown): ends the unfinished line and stores every report still open.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            DateTimeOffset now = _clock.GetUtcNow();
            EndPartialLine(now);
            if (_reader is not null)
            {
                Handle(_reader.Complete(), now);
            }
            if (_limiter.TakeWindow() is { } summary)
            {
                StoreSummary(summary);
            }
        }
        // Its viewers' streams end: a restarted console has a new session to watch.
        Raw.Complete();
    }

    private void EndPartialLine(DateTimeOffset at)
    {
        // Until nothing is left: a z/VM line held to see whether it wraps comes before the unfinished line.
        while (_framer?.Flush() is { } partial)
        {
            HandleLine(partial, at);
        }
    }

    private void HandleLine(string line, DateTimeOffset at)
    {
        // Transcript first: the console's text is kept even if detection or storage fails.
        _transcripts.Append(_name, at, line);
        if (_options.LogLines)
        {
            _log.LogInformation("{Console} | {Line}", _name, line);
        }
        long number = ++_lineNumber;
        _ring.Add(number, at, line);
        _quietHandled = false;
        _hangHandled = false;
        Interlocked.Increment(ref _lines);
        Interlocked.Exchange(ref _lastLineTicks, at.UtcTicks);
        Volatile.Write(ref _lastLine, line);
        if (_events.HasSubscribers)
        {
            _events.Publish(new LineReceived(Name, at, line));
        }
        _reader ??= new ConsoleReader(_options.Detector);
        IReadOnlyList<ConsoleReading> readings;
        try
        {
            _options.BeforeDetecting?.Invoke(line);
            readings = _reader.Push(line, at);
        }
        catch (Exception e)
        {
            DetectorFailed(e, number);
            return;
        }
        if (readings.Count > 0)
        {
            Handle(readings, at);
        }
    }

    // A line the detector failed on (a bug of ours, never the console's fault): it must cost neither this console's
    // transcript (written before the detector reads a line, and every later line still is) nor the lines after it, nor any
    // other console (the exception would end the collector's read loop, and the batch's remaining lines with it). The reader
    // starts afresh with the next line: what it held open is lost as a report, not as text. Logged with the line's number so
    // it can be reported, the first time and then every thousandth, so a console that trips it on every line cannot flood
    // the log; counted in DetectorFailures.
    private void DetectorFailed(Exception e, long line)
    {
        _reader = null;
        long failures = Interlocked.Increment(ref _detectorFailures);
        if (failures == 1 || failures % 1000 == 0)
        {
            _log.LogError(e, "Console {Console}: the detector failed on line {Line} ({Failures} failure(s) so far); it reads on from the next line with what it held open dropped, and the transcript keeps every line. Please report this with the transcript around that line (solwatch tail {Console} --since ...)",
                _name, line, failures, _name);
        }
    }

    /// <summary>Lines the detector failed on (see DetectorFailed): zero unless SolWatch has a bug.</summary>
    public long DetectorFailures => Interlocked.Read(ref _detectorFailures);

    private void Handle(IReadOnlyList<ConsoleReading> readings, DateTimeOffset now)
    {
        foreach (ConsoleReading reading in readings)
        {
            switch (reading)
            {
                case ReportRead read:
                    if (Store(read.Report, now) is { } stored)
                    {
                        _kdump.Stored(read.Report, stored);
                    }
                    break;
                case KdumpStoryChanged changed:
                    _kdump.Changed(changed);
                    break;
                case CaptureKernelReportRead capture:
                    // Not an incident of its own: the crash's story says how the capture failed, and its capture lines
                    // (stored with that incident) hold this report's text.
                    _log.LogWarning("Console {Console}: the capture kernel crashed itself ({Title}, line {Line}): part of the kdump story of the crash at line {Owner}",
                        _name, capture.Report.Title, capture.Report.StartLine, capture.OwnerStartLine);
                    break;
                case KdumpReadinessRead ready:
                    _kdump.Ready(ready.Readiness, now);
                    break;
                case HardwareRead hardware:
                    StoreHardware(hardware.Event, now);
                    break;
            }
        }
    }

    // A hardware event is stored apart, never as an incident: a corrected machine check says the hardware is
    // degrading, not that the kernel crashed (a fatal one's panic is the incident). No rate limit of its own: the
    // store's queue gives way to panicked reports, and the per-console counts are what show a storm.
    private void StoreHardware(HardwareEvent e, DateTimeOffset now)
    {
        DateTimeOffset at = e.At == default ? now : e.At;
        var hardware = new NewHardwareEvent(Name, _identity.Host, e, at);
        if (!_incidents.TryStoreHardware(hardware))
        {
            _log.LogError("Console {Console}: hardware event {Summary} dropped: the incident store's queue is full (see solwatch health)", _name, e.Summary);
            return;
        }
        if (_events.HasSubscribers)
        {
            _events.Publish(new HardwareEventRecorded(hardware));
        }
        if (e.Severity == HardwareSeverity.Corrected)
        {
            _log.LogInformation("Console {Console}: hardware event: {Summary}", _name, e.Summary);
        }
        else
        {
            _log.LogWarning("Console {Console}: hardware event: {Summary}", _name, e.Summary);
        }
    }

    private Task<Incident>? Store(CrashReport report, DateTimeOffset now)
    {
        if (!_limiter.TryAdmit(report))
        {
            long suppressed = Interlocked.Increment(ref _incidentsSuppressed);
            if (_limiter.WindowCount == 1)
            {
                // Once per window: the flood is logged by its summary, not report by report.
                _log.LogWarning("Console {Console}: incident rate limit reached ({Burst} reports, then one per {Every}); " +
                    "further reports are not stored until it passes, and a summary incident will count them ({Suppressed} suppressed so far)",
                    _name, _options.RateLimit.Burst, _options.RateLimit.Every, suppressed);
            }
            return null;
        }
        var context = _ring.Slice(Math.Max(1, report.StartLine - _options.ContextLines), report.EndLine);
        DateTimeOffset first = _ring.Slice(report.StartLine, report.StartLine) is [var f] ? f.ReceivedAt : context.IsEmpty ? now : context[0].ReceivedAt;
        DateTimeOffset last = _ring.Slice(report.EndLine, report.EndLine) is [var l] ? l.ReceivedAt : context.IsEmpty ? now : context[^1].ReceivedAt;
        var incident = new NewIncident(Name, _identity.Host, report, first, last, context);
        long handedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!_incidents.TryStore(incident, out Task<Incident> stored))
        {
            _log.LogError("Console {Console}: incident {Title} dropped: the incident store's queue is full (see solwatch health)", _name, report.Title);
            return null;
        }
        // The task handed on (to the kdump follower) completes only after IncidentStored is published: the store runs
        // its continuations asynchronously, so two continuations on `stored` could run in either order, and a
        // follower would then see "incident updated" before "incident stored" (seen under load in CI).
        return stored.ContinueWith(task =>
        {
            Metrics.SolwatchInstruments.StoreDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(handedAt).TotalSeconds);
            OnStored(task, report);
            return task;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    private void StoreSummary(SuppressionSummary summary)
    {
        _log.LogWarning("Console {Console}: {Summary}", _name, summary.Title);
        var incident = new NewIncident(Name, _identity.Host, summary.ToReport(), summary.First, summary.Last, []);
        CrashReport report = incident.Report;
        if (!_incidents.TryStore(incident, out Task<Incident> stored))
        {
            _log.LogError("Console {Console}: suppression summary dropped: the incident store's queue is full (see solwatch health)", _name);
            return;
        }
        stored.ContinueWith(OnStored, report, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnStored(Task<Incident> task, object? state)
    {
        var report = (CrashReport)state!;
        if (task.IsCompletedSuccessfully)
        {
            Incident incident = task.Result;
            Interlocked.Increment(ref _incidentsStored);
            Metrics.SolwatchInstruments.Incidents.Add(1, new KeyValuePair<string, object?>("kind", Api.CrashKindName.Of(incident.Report.Kind)));
            if (incident.Occurrences > 1)
            {
                // The same crash within the repeat window: counted on the incident stored first, not stored again.
                _log.LogWarning("Console {Console}: {Title} again: counted on incident {IncidentId} ({Occurrences} times; fingerprint {Fingerprint})",
                    _name, incident.Report.Title, incident.Id, incident.Occurrences, incident.Report.Fingerprint);
            }
            else
            {
                _log.LogWarning("Console {Console}: incident {IncidentId} stored: {Title} (fingerprint {Fingerprint})",
                    _name, incident.Id, incident.Report.Title, incident.Report.Fingerprint);
            }
            _events.Publish(new IncidentStored(incident));
        }
        else
        {
            _log.LogError(task.Exception?.GetBaseException(), "Console {Console}: incident {Title} could not be stored", _name, report.Title);
        }
    }

}
