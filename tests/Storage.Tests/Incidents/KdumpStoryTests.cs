using SolWatch.Parsers.Kdump;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Incidents;

public sealed class KdumpStoryTests
{
    private static KdumpFinding Story(KdumpOutcome outcome, string reason, string? vmcore = null) => new(
        KdumpFindingKind.DumpAttempt, 340, 420, true, outcome, reason, 112L << 20, vmcore, 5, null, false,
        [new KdumpEvent(340, Reports.T0, "panic"), new KdumpEvent(360, Reports.T0.AddSeconds(2), "capture kernel booted")]);

    private static KdumpFinding Readiness(bool armed) => new(
        KdumpFindingKind.Readiness, 1, 30, armed, armed ? KdumpOutcome.Unknown : KdumpOutcome.NotArmed,
        armed ? "kdump armed: crashkernel 112M reserved, capture kernel loaded" : "no memory reserved for the capture kernel",
        armed ? 112L << 20 : null, null, 5, true, false, []);

    [Fact]
    public async Task An_incidents_kdump_story_is_replaced_by_each_update_in_order_and_survives_a_reopen_with_the_lines_after_the_crash()
    {
        using var dir = new TempDirectory();
        var options = new IncidentStoreOptions { Path = dir.File("incidents.db") };
        long id;
        await using (var store = IncidentStore.Open(options))
        {
            NewIncident crash = Reports.Incident() with { Report = Reports.NullDeref() with { Kdump = Story(KdumpOutcome.Unknown, "kdump was loaded; waiting for the capture kernel") } };
            Assert.True(store.TryStore(crash, out Task<Incident> stored));
            Incident first = await stored;
            id = first.Id;
            Assert.Equal(KdumpOutcome.Unknown, first.Report.Kdump!.Outcome);

            Assert.True(store.TryUpdateKdump(first, Story(KdumpOutcome.Unknown, "the capture kernel is saving the vmcore"), null, out _));
            TranscriptLine[] lines = [new(Reports.T0.AddSeconds(3), "kdump: saving vmcore"), new(Reports.T0.AddSeconds(9), "kdump: saving vmcore complete")];
            Assert.True(store.TryUpdateKdump(first, Story(KdumpOutcome.Saved, "vmcore saved to /var/crash/x/vmcore", "/var/crash/x/vmcore"), lines, out Task<Incident> last));
            Incident updated = await last;
            Assert.Equal(KdumpOutcome.Saved, updated.Report.Kdump!.Outcome);
            Assert.Equal(2, updated.CaptureTranscript.Length);
            Assert.True(store.TrySaveReadiness(new ConsoleReadiness("bmc1", "node1", Readiness(armed: true), Reports.T0)));
        }

        await using var reopened = IncidentStore.Open(options);
        Incident read = reopened.Get(id)!;
        KdumpFinding kdump = read.Report.Kdump!;
        Assert.Equal(KdumpOutcome.Saved, kdump.Outcome);
        Assert.Equal("/var/crash/x/vmcore", kdump.VmcorePath);
        Assert.Equal(112L << 20, kdump.CrashKernelBytes);
        Assert.Equal(["panic", "capture kernel booted"], kdump.Timeline.Select(e => e.Event));
        Assert.Equal(Reports.T0.AddSeconds(2), kdump.Timeline[1].At);
        Assert.Equal(["kdump: saving vmcore", "kdump: saving vmcore complete"], read.CaptureTranscript.Select(l => l.Text));
        KdumpFleetEntry entry = Assert.Single(reopened.KdumpFleet());
        Assert.Equal("bmc1", entry.Console);
        Assert.True(entry.Readiness!.Armed);
        Assert.Equal(id, entry.LastCrash!.IncidentId);
    }

    [Fact]
    public async Task A_consoles_readiness_is_replaced_by_its_next_boots_and_the_fleet_lists_consoles_by_name()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });
        Assert.True(store.TrySaveReadiness(new ConsoleReadiness("web-3", null, Readiness(armed: true), Reports.T0)));
        Assert.True(store.TrySaveReadiness(new ConsoleReadiness("db-7", null, Readiness(armed: true), Reports.T0)));
        Assert.True(store.TrySaveReadiness(new ConsoleReadiness("web-3", null, Readiness(armed: false), Reports.T0.AddHours(1))));
        // A write queued after them is stored after them (one writer, in order).
        Assert.True(store.TryStore(Reports.Incident("web-3"), out Task<Incident> marker));
        await marker;

        IReadOnlyList<KdumpFleetEntry> fleet = store.KdumpFleet();

        Assert.Equal(["db-7", "web-3"], fleet.Select(e => e.Console));
        Assert.False(fleet[1].Readiness!.Armed);
        Assert.Equal("no memory reserved for the capture kernel", fleet[1].Readiness!.Reason);
        Assert.Equal(Reports.T0.AddHours(1), fleet[1].ReadinessLearnedAt);
        Assert.Null(fleet[1].LastCrash);
    }

    [Fact]
    public async Task A_rebuilt_database_keeps_the_consoles_kdump_readiness_beside_their_incidents()
    {
        using var dir = new TempDirectory();
        string path = dir.File("incidents.db");
        await using (var store = IncidentStore.Open(new IncidentStoreOptions { Path = path }))
        {
            Assert.True(store.TrySaveReadiness(new ConsoleReadiness("web-3", "web-3.example", Readiness(armed: false), Reports.T0)));
            Assert.True(store.TryStore(Reports.Incident("web-3"), out Task<Incident> stored));
            await stored;
        }

        DatabaseRebuildReport report = DatabaseMaintenance.Rebuild(path, dir.File("rebuilt.db"), Reports.T0);

        Assert.Equal(1, report.Saved);
        using IncidentFileReader reader = IncidentFileReader.Open(dir.File("rebuilt.db"));
        KdumpFleetEntry entry = Assert.Single(reader.KdumpFleet());
        Assert.Equal("web-3.example", entry.Host);
        Assert.False(entry.Readiness!.Armed);
        Assert.Equal("no memory reserved for the capture kernel", entry.Readiness.Reason);
        Assert.Equal(Reports.T0, entry.ReadinessLearnedAt);
    }

    [Fact]
    public async Task An_update_of_an_incident_that_retention_deleted_fails_alone_and_later_writes_go_on()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });
        Assert.True(store.TryStore(Reports.Incident(), out Task<Incident> stored));
        Incident real = await stored;
        Incident gone = real with { Id = real.Id + 1000 };

        Assert.True(store.TryUpdateKdump(gone, Story(KdumpOutcome.Saved, "vmcore saved"), null, out Task<Incident> failed));
        Assert.True(store.TryUpdateKdump(real, Story(KdumpOutcome.SaveFailed, "dump target /dev/vda not found"), null, out Task<Incident> ok));

        await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Equal(KdumpOutcome.SaveFailed, (await ok).Report.Kdump!.Outcome);
        Assert.Equal(1, store.Health.Stored);
    }
}
