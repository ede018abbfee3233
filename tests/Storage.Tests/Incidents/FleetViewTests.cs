using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

public sealed class FleetViewTests
{
    [Fact]
    public async Task Incidents_are_grouped_by_fingerprint_with_hosts_consoles_and_first_and_last_seen()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = dir.File("incidents.db") });
        var gpf = Reports.NullDeref("1111111111111111", CrashKind.Exception, "general protection fault in ext4_fill_super");
        var gpfRetitled = gpf with { Title = "general protection fault in ext4_fill_super (newer)" };
        var hung = Reports.NullDeref("2222222222222222", CrashKind.HungTask, "INFO: task hung in jbd2_journal_commit_transaction");
        NewIncident[] incidents =
        [
            Reports.Incident("bmc1", "node1", Reports.T0.AddMinutes(1), gpf),
            Reports.Incident("bmc1", "node1", Reports.T0.AddMinutes(5), gpf),
            Reports.Incident("ssh-node2", "node2", Reports.T0.AddMinutes(3), gpf),
            // No host: the console stands in for it, so this counts as a third host.
            Reports.Incident("ttyS3", null, Reports.T0.AddMinutes(7), gpfRetitled),
            Reports.Incident("bmc1", "node1", Reports.T0.AddMinutes(6), hung),
        ];
        foreach (var incident in incidents)
        {
            Assert.True(store.TryStore(incident, out var stored));
            await stored;
        }

        var groups = store.Fleet(new IncidentQuery());

        Assert.Equal(["1111111111111111", "2222222222222222"], groups.Select(g => g.Fingerprint));
        var first = groups[0];
        Assert.Equal("general protection fault in ext4_fill_super (newer)", first.Title);
        Assert.Equal(CrashKind.Exception, first.Kind);
        Assert.Equal(4, first.Incidents);
        Assert.Equal(3, first.Hosts);
        Assert.Equal(Reports.T0.AddMinutes(1), first.FirstSeen);
        Assert.Equal(Reports.T0.AddMinutes(7), first.LastSeen);
        Assert.Equal(["bmc1", "ssh-node2", "ttyS3"], first.Consoles.AsEnumerable());
        Assert.Equal(1, groups[1].Incidents);
        Assert.Equal(1, groups[1].Hosts);
    }

    [Fact]
    public async Task Fleet_filters_apply_before_grouping_and_the_limit_counts_groups()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = dir.File("incidents.db") });
        for (var i = 0; i < 6; i++)
        {
            var report = Reports.NullDeref($"{i % 3:x16}");
            store.TryStore(Reports.Incident(i % 2 == 0 ? "even" : "odd", null, Reports.T0.AddMinutes(i), report), out var stored);
            await stored;
        }

        var evenOnly = store.Fleet(new IncidentQuery { Console = "even" });
        Assert.All(evenOnly, g => Assert.Equal(["even"], g.Consoles.AsEnumerable()));
        Assert.Equal(3, evenOnly.Sum(g => g.Incidents));

        var newestTwo = store.Fleet(new IncidentQuery { Limit = 2 });
        Assert.Equal([$"{2:x16}", $"{1:x16}"], newestTwo.Select(g => g.Fingerprint));
    }
}
