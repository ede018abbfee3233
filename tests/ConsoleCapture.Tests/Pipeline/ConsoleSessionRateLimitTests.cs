using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Pipeline;

/// <summary>The session's rate limiter in front of a real incident store.</summary>
// The stores are disposed in DisposeAsync (xunit IAsyncLifetime), which CA1001 does not see.
#pragma warning disable CA1001
public sealed class ConsoleSessionRateLimitTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 7, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-limit-").FullName;
    private readonly ManualTimeProvider _clock = new(Start);
    private TranscriptStore _transcripts = null!;
    private IncidentStore _incidents = null!;

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

    private ConsoleSession NewSession(int burst) => new(
        new ConsoleSummary("loop", "loop-host", "fake", "fake", ConsoleSummary.Starting, Start, null, null, 0, 0, null),
        _transcripts, _incidents, new EventHub(),
        new SessionOptions { ContextLines = 5, RateLimit = new IncidentRateLimit { Burst = burst, Every = TimeSpan.FromMinutes(1) } },
        NullLogger.Instance, _clock);

    private static byte[] Warnings(int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append($"------------[ cut here ]------------\nWARNING: CPU: 0 PID: 1 at drivers/foo/bar.c:123 func_{i}+0x1/0x2\n")
                .Append($"RIP: 0010:func_{i}+0x1/0x2\nCall Trace:\n bar_probe_{i}+0x10/0x20\n kthread+0xd7/0x100\n---[ end trace {i:x16} ]---\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private async Task<List<Incident>> StoredAsync()
    {
        await _incidents.DisposeAsync(); // drains the writer's queue
        _incidents = IncidentStore.Open(new IncidentStoreOptions { Path = Database });
        return [.. _incidents.Query(new IncidentQuery { Limit = 100_000 })];
    }

    [Fact]
    public async Task A_flood_of_warnings_stores_the_burst_the_panic_after_it_and_a_summary_at_shutdown()
    {
        ConsoleSession session = NewSession(burst: 5);

        session.OnBytes(Warnings(300), _clock.Now);
        session.OnBytes(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "demo-panic.log")), _clock.Now);
        session.Complete();
        List<Incident> stored = await StoredAsync();

        Assert.Single(stored, i => i.Report.Panicked && i.Report.Kind == CrashKind.Oops);
        int warnings = stored.Count(i => i.Report.Kind == CrashKind.Warning);
        Assert.InRange(warnings, 5, 6); // the burst, and the last one if the detector marks it panicked too
        Incident summary = Assert.Single(stored, i => i.Report.Kind == CrashKind.Other);
        Assert.StartsWith($"{300 - warnings} more reports suppressed on loop between 2026-12-04T07:00:00Z and 2026-12-04T07:00:00Z: {300 - warnings} distinct titles, most frequent: WARNING in func_",
            summary.Report.Title, StringComparison.Ordinal);
        Assert.Equal("loop-host", summary.Host);
        Assert.Equal(300 - warnings, session.Status.IncidentsSuppressed);
        Assert.Equal(stored.Count, session.Status.Incidents);
    }

    [Fact]
    public async Task The_summary_is_stored_by_the_quiet_timer_once_a_report_would_pass_again()
    {
        ConsoleSession session = NewSession(burst: 2);
        session.OnBytes(Warnings(10), _clock.Now);

        session.FlushIfQuiet(_clock.Now);
        _clock.Advance(TimeSpan.FromSeconds(61));
        session.FlushIfQuiet(_clock.Now);
        List<Incident> stored = await StoredAsync();

        // The burst, the summary of the next seven, then the last warning: still open until the console went quiet, it
        // is closed after the window ended and takes the token that came back.
        Assert.Equal(["WARNING in func_0", "WARNING in func_1", "WARNING in func_9"],
            stored.Where(i => i.Report.Kind == CrashKind.Warning).Select(i => i.Report.Title).Order(StringComparer.Ordinal));
        Assert.StartsWith("7 more reports suppressed on loop", Assert.Single(stored, i => i.Report.Kind == CrashKind.Other).Report.Title, StringComparison.Ordinal);
        Assert.Equal(4, stored.Count);
        Assert.Equal(7, session.Status.IncidentsSuppressed);
    }
}
