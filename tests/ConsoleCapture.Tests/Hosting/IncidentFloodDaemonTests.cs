using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// A console that prints crash after crash (a looping or hostile host), against the real daemon: the flood must not
/// push a real panic out of the store, nor grow the database by an incident per warning.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class IncidentFloodDaemonTests : IDisposable
{
    private const int Warnings = 20_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-flood-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// <paramref name="count"/> distinct kernel WARNINGs in the kernel's own format (<c>__warn</c>: cut here, the
    /// WARNING line, modules, task, RIP, call trace, end trace), each in a function of its own.
    /// </summary>
    private static string WarningFlood(int count)
    {
        var text = new StringBuilder(count * 240);
        for (int i = 0; i < count; i++)
        {
            // As a console without printk times prints it (printk.time=0), the usual setting of a serial console.
            text.Append(CultureInfo.InvariantCulture, $"""
                ------------[ cut here ]------------
                WARNING: CPU: 0 PID: 1 at drivers/foo/bar.c:123 func_{i}+0x1/0x2
                RIP: 0010:func_{i}+0x1/0x2
                Call Trace:
                 bar_probe_{i}+0x10/0x20
                 kthread+0xd7/0x100
                ---[ end trace {i:x16} ]---

                """);
        }
        return text.ToString();
    }

    [Fact]
    public async Task Twenty_thousand_distinct_warnings_then_a_panic_store_the_panic_a_bounded_number_of_incidents_and_a_summary()
    {
        string flood = Path.Combine(_dir, "flood.log");
        string panic = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "samples", "demo-panic.log"));
        await File.WriteAllTextAsync(flood, WarningFlood(Warnings) + panic);
        Assert.InRange(new FileInfo(flood).Length, 4_000_000, 6_000_000);
        string config = Path.Combine(_dir, "solwatch.yaml");
        await File.WriteAllTextAsync(config, $"""
            storage:
              database: data/incidents.db
              transcripts: data/transcripts
            incidents:
              contextLines: 20
              quietPeriod: 2s
              rateLimit:
                burst: 20
                every: 3s
            api:
              port: 0
            logging:
              directory: logs
            consoles:
              - name: flood
                host: looping-host
                type: replay
                path: {flood}
                bytesPerSecond: 50000000
            """);
        string database = TestDaemon.Database(_dir);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, database);

        // The panic and the summary: the summary once the flood has stopped for one refill period (3 s).
        JsonElement[] incidents = [];
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (!(incidents.Any(IsOops) && incidents.Any(IsSummary)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no panic and summary within {TestDaemon.Patience}; {incidents.Length} incidents: "
                + string.Join(" | ", incidents.Take(30).Select(i => i.GetProperty("title").GetString())) + $"\n{daemon.Stdout}");
            Assert.False(daemon.HasExited, daemon.Stderr);
            await Task.Delay(1000);
            incidents = await ListAsync(database);
        }
        await Task.Delay(TimeSpan.FromSeconds(4)); // anything still on its way (a late summary) is stored by now
        incidents = await ListAsync(database);

        // The oops the machine died of (the detector also marks the warning just before it as panicked: both pass).
        Assert.Single(incidents, i => IsPanic(i) && i.GetProperty("title").GetString()!.StartsWith(
            "BUG: unable to handle kernel NULL pointer dereference in lab_null", StringComparison.Ordinal));
        // Bounded: the burst, one per 3 s while the flood lasted, the panic and the summaries; not 20,000.
        Assert.InRange(incidents.Length, 22, 80);
        int warningsStored = incidents.Count(i => i.GetProperty("title").GetString()!.StartsWith("WARNING in func_", StringComparison.Ordinal));
        long suppressed = incidents.Where(IsSummary).Sum(i => long.Parse(
            SummaryCount().Match(i.GetProperty("title").GetString()!).Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Warnings, warningsStored + suppressed); // every warning is stored or counted
        Assert.Contains(incidents.Where(IsSummary), i => i.GetProperty("title").GetString()!.Contains(
            "suppressed on flood between", StringComparison.Ordinal));
        Assert.Contains(incidents.Where(IsSummary), i => i.GetProperty("title").GetString()!.Contains(
            "distinct titles, most frequent: WARNING in func_", StringComparison.Ordinal));

        (int code, string json, string stderr) = await SolwatchProcess.RunAsync("consoles", "--json", "--db", database);
        Assert.True(code == 0, stderr);
        JsonElement console = Assert.Single(JsonSerializer.Deserialize<JsonElement[]>(json)!);
        Assert.Equal(suppressed, console.GetProperty("incidentsSuppressed").GetInt64());

        daemon.Signal("TERM");
        Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_flood_still_open_at_shutdown_is_summed_up_in_a_summary_incident()
    {
        string flood = Path.Combine(_dir, "flood.log");
        await File.WriteAllTextAsync(flood, WarningFlood(500));
        string config = await TestDaemon.WriteConfigAsync(_dir, $"""
              - name: flood
                type: replay
                path: {flood}
                bytesPerSecond: 50000000
            """);
        string database = TestDaemon.Database(_dir);
        using (SolwatchProcess daemon = await TestDaemon.StartAsync(config, database))
        {
            // Default limit: 20, then one a minute; the window cannot end by itself within the test.
            await TestDaemon.WaitForIncidentsAsync(database, 20);
            await TestDaemon.WaitForLineAsync(database, "flood", "the last warning", l => l.Contains("RIP: 0010:func_499+0x1/0x2", StringComparison.Ordinal));
            await Task.Delay(TimeSpan.FromSeconds(3)); // the last report closes (quiet period 2 s)
            daemon.Signal("TERM");
            Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        JsonElement[] incidents = await ListAsync(database);
        JsonElement summary = Assert.Single(incidents, IsSummary);
        Assert.StartsWith("480 more reports suppressed on flood between", summary.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(21, incidents.Length);
    }

    private static bool IsPanic(JsonElement incident) => incident.GetProperty("panicked").GetBoolean();

    private static bool IsOops(JsonElement incident) => incident.GetProperty("kind").GetString() == "oops";

    private static bool IsSummary(JsonElement incident) => SummaryCount().IsMatch(incident.GetProperty("title").GetString()!);

    private static async Task<JsonElement[]> ListAsync(string database)
    {
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--json", "--limit", "100000", "--db", database);
        Assert.True(code == 0, $"incidents list failed ({code}): {stderr}");
        return JsonSerializer.Deserialize<JsonElement[]>(stdout)!;
    }

    [GeneratedRegex(@"^(\d+) more reports suppressed on ")]
    private static partial Regex SummaryCount();
}
