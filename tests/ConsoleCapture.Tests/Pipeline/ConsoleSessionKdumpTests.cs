using Microsoft.Extensions.Logging.Abstractions;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Kdump;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Pipeline;

// The stores are disposed in DisposeAsync (xunit IAsyncLifetime), which CA1001 does not see.
#pragma warning disable CA1001
public sealed class ConsoleSessionKdumpTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 15, 30, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-kdump-session-").FullName;
    private readonly EventHub _events = new();
    private TranscriptStore _transcripts = null!;
    private IncidentStore _incidents = null!;

    private static string Fixture(string name) => RepoPaths.Tests("Parsers.Tests", "Fixtures", "kdump", name);

    public Task InitializeAsync()
    {
        _transcripts = new TranscriptStore(new TranscriptOptions { Directory = Path.Combine(_dir, "transcripts") });
        _incidents = IncidentStore.Open(new IncidentStoreOptions { Path = Path.Combine(_dir, "incidents.db") });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _incidents.DisposeAsync();
        await _transcripts.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ConsoleSession NewSession(string name, TimeSpan? hangAfter = null) => new(
        new ConsoleSummary(name, name, "fake", "fake", ConsoleSummary.Starting, Start, null, null, 0, 0, null),
        _transcripts, _incidents, _events,
        new SessionOptions { KdumpHangAfter = hangAfter ?? TimeSpan.FromMinutes(10) }, NullLogger.Instance);

    private static async Task<T> NextAsync<T>(EventSubscription events, Func<T, bool> wanted)
        where T : DaemonEvent
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await foreach (DaemonEvent e in events.Reader.ReadAllAsync(timeout.Token))
        {
            if (e is T t && wanted(t))
            {
                return t;
            }
        }
        throw new InvalidOperationException($"no {typeof(T).Name}");
    }

    [Fact]
    public async Task A_panic_is_stored_at_once_and_its_incident_is_updated_to_saved_with_the_vmcore_path_and_the_capture_kernels_lines()
    {
        using EventSubscription events = _events.Subscribe(e => e is IncidentStored or IncidentUpdated);
        ConsoleSession session = NewSession("vm-ok");
        var collector = new ChunkedFileCollector(Fixture("lab-x86_64-6.1-sysrq-ok-saved.log"), chunk: 211, Start);
        await collector.RunAsync(session, CancellationToken.None);
        session.FlushIfQuiet(collector.LastChunkAt + TimeSpan.FromMinutes(1));

        Incident first = (await NextAsync<IncidentStored>(events, s => s.Incident.Report.Title == "kernel panic: sysrq triggered crash")).Incident;
        Assert.NotEqual(KdumpOutcome.Saved, first.Report.Kdump!.Outcome);
        // Changes that come before the incident is stored are sent as one (each is the whole story), so wait for the
        // update that has both the outcome and the lines after the crash (handed over when the console went quiet).
        Incident saved = (await NextAsync<IncidentUpdated>(events, u => u.Incident.Id == first.Id
            && u.Incident.Report.Kdump?.Outcome == KdumpOutcome.Saved && !u.Incident.CaptureTranscript.IsEmpty)).Incident;
        Assert.StartsWith("/mnt/crash/127.0.0.1-", saved.Report.Kdump!.VmcorePath, StringComparison.Ordinal);
        Assert.True(saved.Report.Kdump.Armed);
        Assert.Equal(112L << 20, saved.Report.Kdump.CrashKernelBytes);
        Incident withLines = saved;
        Assert.Contains(withLines.CaptureTranscript, l => l.Text.Contains("kdump: saving vmcore complete", StringComparison.Ordinal));
        Assert.All(withLines.CaptureTranscript, l => Assert.True(l.ReceivedAt >= Start));

        // What the store now holds is what was said last; and the console's readiness is kept for the fleet.
        Incident stored = _incidents.Get(first.Id)!;
        Assert.Equal(KdumpOutcome.Saved, stored.Report.Kdump!.Outcome);
        Assert.Equal(withLines.CaptureTranscript.Length, stored.CaptureTranscript.Length);
        await WaitForAsync(() => _incidents.KdumpFleet().Any(e => e.Console == "vm-ok" && e.Readiness?.Armed == true));
        KdumpFleetEntry entry = Assert.Single(_incidents.KdumpFleet());
        Assert.Equal(first.Id, entry.LastCrash!.IncidentId);
        Assert.Equal(KdumpOutcome.Saved, entry.LastCrash.Kdump.Outcome);
        Assert.True(session.KdumpReadiness!.Armed);
    }

    [Fact]
    public async Task An_armed_crash_followed_by_silence_is_updated_to_a_hung_capture_after_kdump_hang_after()
    {
        using EventSubscription events = _events.Subscribe(e => e is IncidentStored or IncidentUpdated);
        string log = Path.Combine(_dir, "hang.log");
        // The lab's armed boot up to its panic, and nothing after: the jump never came.
        string[] lines = File.ReadAllLines(Fixture("lab-x86_64-6.1-sysrq-ok-saved.log"));
        int panic = Array.FindIndex(lines, l => l.Contains("Kernel panic - not syncing", StringComparison.Ordinal));
        await File.WriteAllLinesAsync(log, lines[..(panic + 1)].Where(l => !l.Contains("Starting crashdump", StringComparison.Ordinal)));
        ConsoleSession session = NewSession("vm-hang", hangAfter: TimeSpan.FromMinutes(5));
        var collector = new ChunkedFileCollector(log, chunk: 4096, Start);
        await collector.RunAsync(session, CancellationToken.None);

        session.FlushIfQuiet(collector.LastChunkAt + TimeSpan.FromMinutes(1));
        Incident first = (await NextAsync<IncidentStored>(events, _ => true)).Incident;
        Assert.Equal(KdumpOutcome.Unknown, first.Report.Kdump!.Outcome);
        session.FlushIfQuiet(collector.LastChunkAt + TimeSpan.FromMinutes(6));

        Incident hung = (await NextAsync<IncidentUpdated>(events, u => u.Incident.Report.Kdump?.Outcome == KdumpOutcome.CaptureKernelFailed)).Incident;
        Assert.Equal(first.Id, hung.Id);
        Assert.Contains("for 6 min", hung.Report.Kdump!.Reason, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition());
    }
}
