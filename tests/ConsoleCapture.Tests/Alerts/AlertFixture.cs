using Microsoft.Extensions.Logging.Abstractions;
using SolWatch.ConsoleCapture.Alerts;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Alerts;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Tests.Alerts;

/// <summary>
/// A real alert engine on a real incident store in a temporary directory, configured from YAML as the daemon is:
/// the test stores incidents and publishes their events as a console session does.
/// </summary>
internal sealed class AlertFixture : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "solwatch-alerts-" + Guid.NewGuid().ToString("N")[..12]);

    private AlertFixture(string alertsYaml, IEnumerable<ConsoleSummary> consoles)
    {
        Directory.CreateDirectory(_dir);
        Config = new ConfigLoader().Parse($"""
            alerts:
            {alertsYaml}
            consoles:
              - name: demo
                type: replay
                resource: demo
            """, "solwatch.yaml", _dir).Config;
        Store = IncidentStore.Open(new IncidentStoreOptions { Path = Path.Combine(_dir, "incidents.db") });
        Log = new AlertDeliveryLog(AlertDeliveryLog.FileFor(Path.Combine(_dir, "incidents.db")));
        Engine = new AlertEngine(Config.Alerts, Events, consoles, FirstOfFingerprint.In(Store), Log, NullLoggerFactory.Instance,
            recentHardware: since => Store.HardwareEvents(new SolWatch.Storage.Hardware.HardwareQuery { Since = since, Limit = 100_000 })
                .Select(e => new SolWatch.Storage.Hardware.NewHardwareEvent(e.Console, e.Host, e.Event, e.At)));
        Engine.Start();
    }

    public static AlertFixture Start(string alertsYaml, params ConsoleSummary[] consoles) => new(alertsYaml, consoles);

    public SolwatchConfig Config { get; }

    public EventHub Events { get; } = new();

    public IncidentStore Store { get; }

    public AlertDeliveryLog Log { get; }

    public AlertEngine Engine { get; }

    public string Dir => _dir;

    /// <summary>Stores a crash of <paramref name="console"/> and publishes it as a session does.</summary>
    public async Task<Incident> CrashAsync(string console, string fingerprint = "0123456789abcdef", CrashKind kind = CrashKind.Oops, bool panicked = true)
    {
        DateTimeOffset at = DateTimeOffset.UtcNow;
        var report = new CrashReport
        {
            Kind = kind,
            Title = $"BUG: unable to handle kernel NULL pointer dereference in {fingerprint}",
            Fingerprint = fingerprint,
            Panicked = panicked,
            StartLine = 1,
            EndLine = 2,
            Text = "BUG: unable to handle kernel NULL pointer dereference",
        };
        Assert.True(Store.TryStore(new NewIncident(console, console + "-host", report, at, at, [new TranscriptLine(at, report.Text)]), out Task<Incident> stored));
        Incident incident = await stored;
        Events.Publish(new IncidentStored(incident));
        return incident;
    }

    /// <summary>
    /// A hardware event of <paramref name="console"/> at <paramref name="at"/> (now when null): stored and published as a
    /// session does; <paramref name="count"/> errors in one event (an EDAC line's count).
    /// </summary>
    public SolWatch.Storage.Hardware.NewHardwareEvent Hardware(string console, DateTimeOffset? at = null, int count = 1,
        SolWatch.Parsers.Hardware.HardwareSeverity severity = SolWatch.Parsers.Hardware.HardwareSeverity.Corrected, bool publish = true)
    {
        DateTimeOffset when = at ?? DateTimeOffset.UtcNow;
        var e = new SolWatch.Storage.Hardware.NewHardwareEvent(console, console + "-host", new SolWatch.Parsers.Hardware.HardwareEvent
        {
            Source = SolWatch.Parsers.Hardware.HardwareSource.Edac,
            Severity = severity,
            Summary = $"EDAC MC0: {count} CE memory read error on DIMM_A1",
            Count = count,
            At = when,
            Text = $"EDAC MC0: {count} CE memory read error on CPU_SrcID#0_Ha#0_Chan#0_DIMM#0",
        }, when);
        Assert.True(Store.TryStoreHardware(e));
        if (publish)
        {
            Events.Publish(new HardwareEventRecorded(e));
        }
        return e;
    }

    /// <summary>Waits until the log holds <paramref name="count"/> records; returns them.</summary>
    public async Task<IReadOnlyList<AlertDelivery>> DeliveriesAsync(int count, TimeSpan? patience = null)
    {
        DateTime deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            IReadOnlyList<AlertDelivery> all = Log.Recent(1000);
            if (all.Count >= count)
            {
                return all;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{all.Count} of {count} deliveries recorded: {string.Join("; ", all.Select(d => $"{d.Rule} {d.Result} {d.Error}"))}");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
