using System.Text.Json.Nodes;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.Parsers.Hardware;
using SolWatch.Storage.Hardware;
using SolWatch.Storage.Incidents;

namespace SolWatch.ConsoleCapture.Tests.Cli.Incidents;

/// <summary><c>solwatch incidents list --kind hardware --db FILE</c> of the real CLI on a database the store wrote.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HardwareListTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-cli-hardware-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<HardwareEvent> Events(string fixture)
    {
        var tracker = new HardwareTracker();
        var events = new List<HardwareEvent>();
        foreach (string line in HardwareFixtures.Text(fixture).Split('\n'))
        {
            events.AddRange(tracker.Push(line));
        }
        events.AddRange(tracker.Complete());
        return events;
    }

    private async Task<string> DatabaseAsync(DateTimeOffset now)
    {
        string path = Path.Combine(_dir, "incidents.db");
        await using IncidentStore store = IncidentStore.Open(new IncidentStoreOptions { Path = path });
        // errol: its seven EDAC errors in the last hour; wsl: one fatal machine check two days ago.
        List<HardwareEvent> errol = Events("x86_64-intel-edac-corrected-repeated");
        for (int i = 0; i < errol.Count; i++)
        {
            Assert.True(store.TryStoreHardware(new NewHardwareEvent("errol", "errol.osm", errol[i], now.AddMinutes(-50 + i))));
        }
        Assert.True(store.TryStoreHardware(new NewHardwareEvent("wsl", null, Assert.Single(Events("x86_64-intel-wsl-fatal-mce-panic")), now.AddDays(-2))));
        Assert.True(store.TryStore(new NewIncident("marker", null, new SolWatch.Parsers.Reports.CrashReport
        {
            Kind = SolWatch.Parsers.Reports.CrashKind.Panic, Title = "kernel panic: marker", Fingerprint = "0000000000000001",
        }, now, now, []), out Task<Incident> marker));
        await marker;
        return path;
    }

    [Fact]
    public async Task The_list_shows_each_consoles_counts_over_the_last_hour_day_and_week_then_the_events_newest_first()
    {
        string db = await DatabaseAsync(DateTimeOffset.UtcNow);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--kind", "hardware", "--db", db);
        Assert.True(code == 0, stderr);
        string[] lines = stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("CONSOLE", lines[0], StringComparison.Ordinal);
        string[] errol = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // 4 + 2 + 6 + 1 + 1 + 1 + 1 errors (EDAC's counts) in the last hour, day, week and in all; none uncorrected.
        Assert.Equal(["errol", "errol.osm", "16", "16", "16", "16", "0"], errol[..7]);
        string[] wsl = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["wsl", "-", "0", "0", "1", "1", "1"], wsl[..7]);
        int events = Array.FindIndex(lines, l => l.StartsWith("WHEN (UTC)", StringComparison.Ordinal));
        Assert.Equal(8, lines.Length - events - 1);
        Assert.Contains("fatal", lines[^1], StringComparison.Ordinal);
        Assert.Contains("0xb200000080060001", lines[^1], StringComparison.Ordinal);

        // The incidents are not mixed in, and the hardware events are no incidents.
        (_, string incidents, _) = await SolwatchProcess.RunAsync("incidents", "list", "--db", db);
        Assert.Single(incidents.TrimEnd('\n').Split('\n').Skip(1));
    }

    [Fact]
    public async Task Json_gives_the_rates_and_the_events_with_kind_hardware_filtered_by_console()
    {
        string db = await DatabaseAsync(DateTimeOffset.UtcNow);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--kind", "hardware", "--console", "wsl", "--json", "--db", db);
        Assert.True(code == 0, stderr);
        JsonObject view = JsonNode.Parse(stdout)!.AsObject();
        JsonObject rate = Assert.Single(view["rates"]!.AsArray())!.AsObject();
        Assert.Equal(("wsl", 1L), ((string)rate["console"]!, (long)rate["uncorrected"]!));
        JsonObject e = Assert.Single(view["events"]!.AsArray())!.AsObject();
        Assert.Equal(("hardware", "fatal", "mce", 0), ((string)e["kind"]!, (string)e["severity"]!, (string)e["origin"]!, (int)e["bank"]!));
    }

    [Theory]
    [InlineData("Hardware")]
    [InlineData(" HARDWARE ")]
    public async Task The_hardware_kind_is_spelt_in_any_case_as_the_crash_kinds_are(string kind)
    {
        string db = await DatabaseAsync(DateTimeOffset.UtcNow);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--kind", kind, "--console", "wsl", "--db", db);

        Assert.True(code == 0, stderr);
        Assert.StartsWith("CONSOLE", stdout, StringComparison.Ordinal);
        Assert.Contains("0xb200000080060001", stdout, StringComparison.Ordinal);
    }
}
