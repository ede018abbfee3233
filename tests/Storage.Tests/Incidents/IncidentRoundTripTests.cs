using CsCheck;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

public sealed class IncidentRoundTripTests
{
    [Fact]
    public async Task Every_field_of_a_stored_incident_reads_back_unchanged()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = dir.File("incidents.db") });

        var incident = Reports.Incident();
        Assert.True(store.TryStore(incident, out var stored));
        var acknowledged = await stored;

        Reports.AssertSame(incident, acknowledged);
        Reports.AssertSame(incident, store.Get(acknowledged.Id)!);
        Assert.Equal(acknowledged.StoredAt, store.Get(acknowledged.Id)!.StoredAt);
    }

    [Fact]
    public async Task Generated_incidents_with_any_field_values_read_back_unchanged_after_reopening()
    {
        using var dir = new TempDirectory();
        var options = new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = dir.File("incidents.db") };
        var incidents = Reports.AnyIncident.Array[60, 60].Single();

        long[] ids;
        await using (var store = IncidentStore.Open(options with { MaxBatch = 16 }))
        {
            var tasks = new List<Task<Incident>>();
            foreach (var incident in incidents)
            {
                Assert.True(store.TryStore(incident, out var stored));
                tasks.Add(stored);
            }

            var acknowledged = await Task.WhenAll(tasks);
            for (var i = 0; i < incidents.Length; i++)
            {
                Reports.AssertSame(incidents[i], acknowledged[i]);
            }

            ids = [.. acknowledged.Select(a => a.Id)];
        }

        await using var reopened = IncidentStore.Open(options);
        for (var i = 0; i < incidents.Length; i++)
        {
            Reports.AssertSame(incidents[i], reopened.Get(ids[i])!);
        }
    }

    [Fact]
    public async Task Ids_keep_increasing_across_reopening()
    {
        using var dir = new TempDirectory();
        var options = new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = dir.File("incidents.db") };
        long first;
        await using (var store = IncidentStore.Open(options))
        {
            store.TryStore(Reports.Incident(), out var stored);
            first = (await stored).Id;
        }

        await using var reopened = IncidentStore.Open(options);
        reopened.TryStore(Reports.Incident(), out var again);
        Assert.True((await again).Id > first);
    }
}
