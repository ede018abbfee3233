using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Netconsole;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Pipeline;

// The stores are disposed in DisposeAsync (xunit IAsyncLifetime), which CA1001 does not see.
#pragma warning disable CA1001
public sealed class ConsoleSessionTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-session-").FullName;
    private readonly EventHub _events = new();
    private TranscriptStore _transcripts = null!;
    private IncidentStore _incidents = null!;

    private static string DemoLog => Path.Combine(RepoPaths.Root, "samples", "demo-panic.log");

    private string Database => Path.Combine(_dir, "incidents.db");

    public Task InitializeAsync()
    {
        _transcripts = new TranscriptStore(new TranscriptOptions { Directory = Path.Combine(_dir, "transcripts") });
        _incidents = IncidentStore.Open(new IncidentStoreOptions { Path = Database });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _incidents.DisposeAsync();
        await _transcripts.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ConsoleSession NewSession(int contextLines, bool raw = false, ILogger? log = null) => new(
        new ConsoleSummary("lab", "lab-vm", "fake", "fake", ConsoleSummary.Starting, Start, null, null, 0, 0, null),
        _transcripts, _incidents, _events, new SessionOptions { ContextLines = contextLines, RawTranscript = raw }, log ?? NullLogger.Instance);

    private static ConsoleStatus BackingOff(string why, int connects, int seconds) =>
        new("tcp 127.0.0.1:1", ConsoleState.BackingOff, Start.AddSeconds(seconds), Start.AddSeconds(seconds + 1), why, null, 0, connects, why);

    private static async Task<Incident> NextIncidentAsync(EventSubscription events)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await foreach (DaemonEvent e in events.Reader.ReadAllAsync(timeout.Token))
        {
            if (e is IncidentStored stored)
            {
                return stored.Incident;
            }
        }
        throw new InvalidOperationException("event stream ended without an incident");
    }

    [Fact]
    public async Task With_a_raw_transcript_the_console_bytes_are_kept_exactly_and_a_gap_is_recorded_beside_them()
    {
        ConsoleSession session = NewSession(contextLines: 20, raw: true);
        var collector = new ChunkedFileCollector(DemoLog, chunk: 97, Start);

        await collector.RunAsync(session, CancellationToken.None);
        session.OnGap(new SolWatch.ConsoleCapture.Supervision.ConsoleGap(collector.LastChunkAt.AddSeconds(1), "peer closed the console"));
        session.OnBytes("\r\n\u001b[6n# "u8, collector.LastChunkAt.AddSeconds(2));
        await _transcripts.FlushAsync();

        List<RawSegment> raw = [.. _transcripts.ReadRaw("lab")];
        Assert.Equal([.. File.ReadAllBytes(DemoLog), .. "\r\n\u001b[6n# "u8.ToArray()], raw.SelectMany(s => s.Bytes));
        Assert.Equal(["peer closed the console"], raw.Where(s => s.Gap is not null).Select(s => s.Gap));
        // The line transcript is unchanged by it: the log's lines, the gap line, then the empty line after it.
        List<TranscriptLine> lines = [.. _transcripts.Read("lab")];
        Assert.Equal(File.ReadAllLines(DemoLog).Length + 1, lines.Count(l => !l.IsGap));
        Assert.Equal("peer closed the console", Assert.Single(lines, l => l.IsGap).Text);
    }

    [Fact]
    public async Task A_raw_viewer_gets_the_bytes_as_received_a_prompt_without_its_newline_included_and_nothing_once_gone()
    {
        ConsoleSession session = NewSession(contextLines: 20);
        Assert.False(session.Raw.HasViewers);
        RawViewer viewer = session.Raw.Subscribe();

        session.OnBytes("Debian GNU/Linux 12 lab ttyS0\r\n\r\n\u001b[1mlab login: \u001b[0m"u8, Start);
        byte[] into = new byte[256];
        int n = viewer.Take(into, out long skipped);

        Assert.Equal("Debian GNU/Linux 12 lab ttyS0\r\n\r\n\u001b[1mlab login: \u001b[0m"u8.ToArray(), into[..n]);
        Assert.Equal(0, skipped);
        await _transcripts.FlushAsync();
        Assert.DoesNotContain(_transcripts.Read("lab"), l => l.Text.Contains("login", StringComparison.Ordinal)); // not framed yet
        viewer.Dispose();
        Assert.False(session.Raw.HasViewers);

        RawViewer last = session.Raw.Subscribe();
        session.Complete();
        Assert.False(await last.WaitAsync(CancellationToken.None)); // the session ended: so does its viewers' stream
    }

    [Fact]
    public async Task Without_a_raw_transcript_no_raw_file_is_written()
    {
        ConsoleSession session = NewSession(contextLines: 20);

        await new ChunkedFileCollector(DemoLog, chunk: 97, Start).RunAsync(session, CancellationToken.None);
        await _transcripts.FlushAsync();

        Assert.Empty(_transcripts.ReadRaw("lab"));
        Assert.False(File.Exists(Path.Combine(_dir, "transcripts", "lab", "current.raw")));
    }

    [Fact]
    public async Task A_line_the_detector_fails_on_costs_no_line_of_the_transcript_and_the_crash_after_it_is_still_stored()
    {
        using EventSubscription events = _events.Subscribe(e => e is IncidentStored);
        var log = new RecordingLogger();
        string[] lines = File.ReadAllLines(DemoLog);
        // A bug of the detector, as it would strike: an exception on one line of the boot, long before the crash.
        string poison = lines.First(l => l.Contains("Linux version", StringComparison.Ordinal));
        var session = new ConsoleSession(
            new ConsoleSummary("lab", "lab-vm", "fake", "fake", ConsoleSummary.Starting, Start, null, null, 0, 0, null),
            _transcripts, _incidents, _events,
            new SessionOptions { ContextLines = 20, BeforeDetecting = l => _ = l == poison ? throw new InvalidOperationException("detector bug") : 0 },
            log);
        var collector = new ChunkedFileCollector(DemoLog, chunk: 4096, Start);

        await collector.RunAsync(session, CancellationToken.None);
        session.FlushIfQuiet(collector.LastChunkAt + TimeSpan.FromMinutes(1));
        Incident incident = await NextIncidentAsync(events);
        await _transcripts.FlushAsync();

        Assert.Equal("lab_null", incident.Report.Ip?.Function);
        Assert.Equal(1, session.DetectorFailures);
        Assert.Equal(lines, _transcripts.Read("lab").Where(l => !l.IsGap).Select(l => l.Text));
        (LogLevel level, string message) = Assert.Single(log.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains($"the detector failed on line {Array.IndexOf(lines, poison) + 1} ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_panic_fed_in_chunks_becomes_a_stored_incident_with_its_context_and_a_full_transcript()
    {
        using EventSubscription events = _events.Subscribe(e => e is IncidentStored);
        ConsoleSession session = NewSession(contextLines: 20);
        var collector = new ChunkedFileCollector(DemoLog, chunk: 97, Start);

        await collector.RunAsync(session, CancellationToken.None);
        // The panicked machine prints nothing more: the quiet-console timer closes the report.
        session.FlushIfQuiet(collector.LastChunkAt + TimeSpan.FromMinutes(1));
        Incident incident = await NextIncidentAsync(events);

        Assert.StartsWith("BUG: unable to handle kernel NULL pointer dereference", incident.Report.Title, StringComparison.Ordinal);
        Assert.Equal("lab_null", incident.Report.Ip?.Function);
        Assert.Equal("lab", incident.Console);
        Assert.Equal("lab-vm", incident.Host);
        string[] log = File.ReadAllLines(DemoLog);
        // Context: the 20 lines before the report, then the report through its last line.
        long first = incident.Report.StartLine - 20;
        Assert.Equal(log[(int)first - 1], incident.Context[0].Text);
        Assert.Equal(log[(int)incident.Report.EndLine - 1], incident.Context[^1].Text);
        Assert.Equal(incident.Report.EndLine - first + 1, incident.Context.Length);
        Assert.Contains(incident.Context, l => l.Text.Contains("Kernel panic - not syncing", StringComparison.Ordinal));
        Assert.Equal(1, session.Status.Incidents);
        Assert.Equal(log.Length, session.Status.Lines);

        // Durable: a fresh open of the file finds it, and the transcript holds every line in order.
        await _incidents.DisposeAsync();
        await _transcripts.DisposeAsync();
        _incidents = IncidentStore.Open(new IncidentStoreOptions { Path = Database });
        _transcripts = new TranscriptStore(new TranscriptOptions { Directory = Path.Combine(_dir, "transcripts") });
        Assert.Equal(incident.Report.Fingerprint, _incidents.Get(incident.Id)?.Report.Fingerprint);
        Assert.Equal(log, _transcripts.Read("lab").Select(l => l.Text));
    }

    [Fact]
    public async Task Shutdown_stores_a_report_that_was_still_open()
    {
        using EventSubscription events = _events.Subscribe(e => e is IncidentStored);
        ConsoleSession session = NewSession(contextLines: 5);
        await new ChunkedFileCollector(DemoLog, chunk: 4096, Start).RunAsync(session, CancellationToken.None);

        session.Complete();

        Incident incident = await NextIncidentAsync(events);
        Assert.Equal("lab_null", incident.Report.Ip?.Function);
        Assert.Equal(incident.Report.EndLine - incident.Report.StartLine + 1 + 5, incident.Context.Length);
    }

    [Fact]
    public async Task A_lost_connection_ends_the_unfinished_line_and_marks_the_gap_in_the_transcript()
    {
        ConsoleSession session = NewSession(contextLines: 5);
        session.OnBytes("first line\r\nhalf a li"u8, Start);

        session.OnGap(new SolWatch.ConsoleCapture.Supervision.ConsoleGap(Start.AddSeconds(1), "peer closed the console"));
        session.OnBytes("ne again\n"u8, Start.AddSeconds(2));

        await _transcripts.FlushAsync();
        TranscriptLine[] lines = [.. _transcripts.Read("lab")];
        Assert.Equal(["first line", "half a li", "peer closed the console", "ne again"], lines.Select(l => l.Text));
        Assert.Equal([false, false, true, false], lines.Select(l => l.IsGap));
    }

    [Fact]
    public void A_console_that_never_printed_holds_no_line_buffers()
    {
        ConsoleSession session = NewSession(contextLines: 200);
        session.FlushIfQuiet(Start.AddHours(1));
        Assert.Equal(0, session.Status.Lines);
        Assert.Equal(ConsoleSummary.Starting, session.Status.State);
    }

    [Fact]
    public void A_console_that_never_connected_logs_its_first_failure_and_each_new_reason_but_not_every_retry()
    {
        var log = new RecordingLogger();
        ConsoleSession session = NewSession(contextLines: 5, log: log);
        const string refused = "tcp 127.0.0.1:1: connect failed: Connection refused; check host, port and that the console server is up";
        const string timedOut = "tcp 127.0.0.1:1: connect timed out";

        session.OnStatus(BackingOff(refused, connects: 0, seconds: 1));
        session.OnStatus(BackingOff(refused, connects: 0, seconds: 3));
        session.OnStatus(BackingOff(timedOut, connects: 0, seconds: 7));
        session.OnStatus(BackingOff(refused, connects: 1, seconds: 60));

        Assert.Equal(
            [$"Console lab has not connected yet: {refused}; retrying with backoff (solwatch consoles shows its state)",
             $"Console lab has not connected yet: {timedOut}; retrying with backoff (solwatch consoles shows its state)"],
            log.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message));
    }

    [Fact]
    public void A_console_whose_known_problem_was_logged_at_start_is_not_logged_again_on_each_failure()
    {
        var log = new RecordingLogger();
        ConsoleSession session = NewSession(contextLines: 5, log: log);
        session.ReportProblem("consoles[1].device: /dev/ttyUSB97 does not exist", fatal: false);

        session.OnStatus(BackingOff("serial /dev/ttyUSB97: no such device", connects: 0, seconds: 1));

        Assert.Empty(log.Lines);
    }
}
