using SolWatch.Parsers.Hardware;
using SolWatch.Storage.Hardware;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Hardware;

public sealed class HardwareStoreTests
{
    // Events as the parser reads them from real console lines (sbridge copy + EDAC line of radiasoft/devops#134; the
    // fatal record of microsoft/WSL#41659): the store keeps what the reader made.
    private static HardwareEvent Read(params string[] lines)
    {
        var tracker = new HardwareTracker();
        var events = new List<HardwareEvent>();
        foreach (string line in lines)
        {
            events.AddRange(tracker.Push(line));
        }
        events.AddRange(tracker.Complete());
        return Assert.Single(events);
    }

    private static readonly HardwareEvent CorrectedDimm = Read(
        "Feb 23 03:28:16 kernel: EDAC sbridge MC1: HANDLING MCE MEMORY ERROR",
        "Feb 23 03:28:16 kernel: EDAC sbridge MC1: CPU 1: Machine Check Event: 0 Bank 11: 8c00004f000800c2",
        "Feb 23 03:28:16 kernel: EDAC sbridge MC1: ADDR ee30a0000",
        "Feb 23 03:28:16 kernel: EDAC sbridge MC1: PROCESSOR 0:306e4 TIME 1519356496 SOCKET 1 APIC 20",
        "Feb 23 03:28:16 kernel: EDAC MC1: 3 CE memory scrubbing error on CPU_SrcID#1_Ha#0_Chan#0_DIMM#0 (channel:0 slot:0 page:0xee30a0 offset:0x0 grain:32 syndrome:0x0 -  area:DRAM err_code:0008:00c2 socket:1 ha:0 channel_mask:1 rank:0)");

    private static readonly HardwareEvent Fatal = Read(
        "[   84.977164] mce: [Hardware Error]: CPU 0: Machine Check Exception: 4 Bank 0: b200000080060001",
        "[   84.977170] mce: [Hardware Error]: TSC 2db9f8ee73",
        "[   84.977174] mce: [Hardware Error]: Machine check: Processor context corrupt");

    private static async Task Flush(IncidentStore store)
    {
        // One writer, in order: an incident queued after the events is stored after them.
        Assert.True(store.TryStore(Reports.Incident("marker"), out Task<Incident> marker));
        await marker;
    }

    [Fact]
    public async Task A_hardware_event_is_not_counted_among_the_incidents_stored()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });

        Assert.True(store.TryStoreHardware(new NewHardwareEvent("bmc-7", "node7", CorrectedDimm, Reports.T0)));
        Assert.True(store.TryStoreHardware(new NewHardwareEvent("bmc-7", "node7", Fatal, Reports.T0)));
        await Flush(store);

        // The marker alone: `solwatch health` says "incidents: 1 stored", not 3.
        Assert.Equal(1, store.Health.Stored);
        Assert.Equal(2, store.HardwareEvents(new HardwareQuery()).Count);
    }

    [Fact]
    public async Task A_hardware_event_is_stored_apart_from_incidents_with_every_field_and_survives_a_reopen()
    {
        using var dir = new TempDirectory();
        var options = new IncidentStoreOptions { Path = dir.File("incidents.db") };
        await using (var store = IncidentStore.Open(options))
        {
            Assert.True(store.TryStoreHardware(new NewHardwareEvent("bmc-7", "node7", CorrectedDimm, Reports.T0)));
            await Flush(store);
            Assert.Equal(["marker"], store.Query(new IncidentQuery()).Select(i => i.Console));
        }

        await using var reopened = IncidentStore.Open(options);
        StoredHardwareEvent stored = Assert.Single(reopened.HardwareEvents(new HardwareQuery()));
        Assert.Equal(("bmc-7", "node7", Reports.T0), (stored.Console, stored.Host, stored.At));
        Assert.Equal(CorrectedDimm with { At = Reports.T0 }, stored.Event with { });
        Assert.Equal(0x8c00004f000800c2UL, stored.Event.Status!.Value.Raw);
        Assert.Equal((1, 0, 0, 0, 3), (stored.Event.MemoryController, stored.Event.Channel, stored.Event.Dimm, stored.Event.Rank, stored.Event.Count));
    }

    [Fact]
    public async Task Events_are_listed_newest_first_and_filtered_by_console_severity_and_time()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });
        Assert.True(store.TryStoreHardware(new NewHardwareEvent("a", null, CorrectedDimm, Reports.T0)));
        Assert.True(store.TryStoreHardware(new NewHardwareEvent("b", null, Fatal, Reports.T0.AddMinutes(1))));
        Assert.True(store.TryStoreHardware(new NewHardwareEvent("a", null, CorrectedDimm, Reports.T0.AddMinutes(2))));
        await Flush(store);

        Assert.Equal(["a", "b", "a"], store.HardwareEvents(new HardwareQuery()).Select(e => e.Console));
        Assert.Equal([Reports.T0.AddMinutes(2), Reports.T0], store.HardwareEvents(new HardwareQuery { Console = "a" }).Select(e => e.At));
        Assert.Equal(["b"], store.HardwareEvents(new HardwareQuery { Severity = HardwareSeverity.Fatal }).Select(e => e.Console));
        Assert.Equal(2, store.HardwareEvents(new HardwareQuery { Since = Reports.T0.AddMinutes(1) }).Count);
        Assert.Single(store.HardwareEvents(new HardwareQuery { Limit = 1 }));
    }

    [Fact]
    public async Task Each_consoles_errors_are_counted_over_the_last_hour_day_and_week_so_a_rising_rate_shows()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });
        DateTimeOffset now = Reports.T0.AddDays(10);
        // dimm-host: one event a day for a week, then four in the last hour (each EDAC line counts 3 errors).
        for (int d = 2; d <= 6; d++)
        {
            Assert.True(store.TryStoreHardware(new NewHardwareEvent("dimm-host", "n1", CorrectedDimm, now.AddDays(-d))));
        }
        for (int m = 1; m <= 4; m++)
        {
            Assert.True(store.TryStoreHardware(new NewHardwareEvent("dimm-host", "n1", CorrectedDimm, now.AddMinutes(-10 * m))));
        }
        Assert.True(store.TryStoreHardware(new NewHardwareEvent("cpu-host", null, Fatal, now.AddDays(-9))));
        await Flush(store);

        IReadOnlyList<HardwareRate> rates = store.HardwareRates(now);
        Assert.Equal(["cpu-host", "dimm-host"], rates.Select(r => r.Console));
        HardwareRate dimm = rates[1];
        Assert.Equal((12L, 12L, 27L, 27L, 0L), (dimm.LastHour, dimm.LastDay, dimm.LastWeek, dimm.Total, dimm.Uncorrected));
        Assert.Equal(now.AddMinutes(-10), dimm.Last);
        HardwareRate cpu = rates[0];
        Assert.Equal((0L, 0L, 0L, 1L, 1L), (cpu.LastHour, cpu.LastDay, cpu.LastWeek, cpu.Total, cpu.Uncorrected));
    }

    [Fact]
    public async Task A_database_file_read_without_the_daemon_lists_the_same_events_and_rates()
    {
        using var dir = new TempDirectory();
        string path = dir.File("incidents.db");
        await using (var store = IncidentStore.Open(new IncidentStoreOptions { Path = path }))
        {
            Assert.True(store.TryStoreHardware(new NewHardwareEvent("bmc-1", null, Fatal, Reports.T0)));
            await Flush(store);
        }

        using var reader = IncidentFileReader.Open(path);
        StoredHardwareEvent e = Assert.Single(reader.HardwareEvents(new HardwareQuery()));
        Assert.Equal(HardwareSeverity.Fatal, e.Event.Severity);
        Assert.Equal(1L, Assert.Single(reader.HardwareRates(Reports.T0.AddMinutes(5))).LastHour);
    }

    [Fact]
    public async Task Retention_by_age_removes_old_hardware_events_with_old_incidents()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions
        {
            Path = dir.File("incidents.db"), MaxAge = TimeSpan.FromDays(30), RetentionInterval = TimeSpan.FromHours(1),
        });
        Assert.True(store.TryStoreHardware(new NewHardwareEvent("old", null, CorrectedDimm, Reports.T0)));
        Assert.True(store.TryStoreHardware(new NewHardwareEvent("new", null, CorrectedDimm, Reports.T0.AddDays(40))));
        await Flush(store);

        store.RunRetention(Reports.T0.AddDays(41));

        Assert.Equal(["new"], store.HardwareEvents(new HardwareQuery()).Select(e => e.Console));
    }
}
