using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

/// <summary>Retention by age and by database size, run by the store itself.</summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    private static NewIncident At(int n, DateTimeOffset at, bool panicked) => DatabaseFiles.Numbered(n) with
    {
        FirstLineAt = at,
        LastLineAt = at.AddSeconds(2),
        Report = DatabaseFiles.Numbered(n).Report with { Panicked = panicked },
    };

    private static async Task<Incident> StoreAsync(IncidentStore store, NewIncident incident)
    {
        Assert.True(store.TryStore(incident, out var stored));
        return await stored.WaitAsync(Generous);
    }

    [Fact]
    public async Task Incidents_last_seen_before_the_maximum_age_are_deleted_and_the_rest_kept()
    {
        using var dir = new TempDirectory();
        var now = Reports.T0.AddDays(100);
        await using var store = IncidentStore.Open(new IncidentStoreOptions
        {
            Path = dir.File("incidents.db"), MaxAge = TimeSpan.FromDays(30), RetentionInterval = TimeSpan.FromHours(1),
        });
        var old = await StoreAsync(store, At(1, now.AddDays(-40), panicked: true));
        var recent = await StoreAsync(store, At(2, now.AddDays(-10), panicked: false));
        // First seen long ago, seen again yesterday (a repeat): still news.
        var ongoing = await StoreAsync(store, At(3, now.AddDays(-45), panicked: false));
        await StoreAsync(store, At(3, now.AddDays(-1), panicked: false) with { FirstLineAt = now.AddDays(-45).AddHours(1) });
        Assert.Equal(2, store.Get(ongoing.Id)!.Occurrences);
        await StoreAsync(store, At(3, now.AddDays(-1), panicked: false) with { FirstLineAt = now.AddDays(-45).AddHours(2), LastLineAt = now.AddDays(-1) });

        var run = store.RunRetention(now);

        Assert.Equal(1, run.DeletedForAge);
        Assert.Null(store.Get(old.Id));
        Assert.NotNull(store.Get(recent.Id));
        Assert.NotNull(store.Get(ongoing.Id));
        Assert.Equal(1, store.Health.RetentionDeleted);
    }

    [Fact]
    public async Task An_id_deleted_by_retention_is_never_given_again_after_a_restart()
    {
        using var dir = new TempDirectory();
        var now = Reports.T0.AddDays(100);
        var options = new IncidentStoreOptions { Path = dir.File("incidents.db"), MaxAge = TimeSpan.FromDays(30), RetentionInterval = TimeSpan.FromHours(1) };
        long newest;
        await using (var store = IncidentStore.Open(options))
        {
            await StoreAsync(store, At(1, now, panicked: false));
            newest = (await StoreAsync(store, At(2, now.AddDays(-40), panicked: false))).Id;
            Assert.Equal(1, store.RunRetention(now).DeletedForAge);
        }

        await using var reopened = IncidentStore.Open(options);
        Assert.True((await StoreAsync(reopened, At(3, now, panicked: false))).Id > newest);
    }

    [Fact]
    public async Task Over_its_size_the_database_loses_its_oldest_incidents_that_did_not_panic_first_and_shrinks()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        var log = new List<string>();
        await using var store = IncidentStore.Open(new IncidentStoreOptions
        {
            Path = path,
            RepeatWindow = TimeSpan.Zero,
            MaxDatabaseBytes = 400 * 1024,
            RetentionInterval = TimeSpan.FromHours(1),
            Log = m => { lock (log) { log.Add(m); } },
        });
        var tasks = new List<Task<Incident>>();
        for (var n = 1; n <= 300; n++)
        {
            Assert.True(store.TryStore(At(n, Reports.T0.AddMinutes(n), panicked: n % 10 == 0), out var stored));
            tasks.Add(stored);
        }

        await Task.WhenAll(tasks).WaitAsync(Generous);
        var run = store.RunRetention(Reports.T0.AddDays(1));

        Assert.True(run.BytesBefore > 400 * 1024, $"the test needs a database over the limit ({run.BytesBefore} bytes)");
        Assert.True(run.BytesAfter <= 400 * 1024, $"{run.BytesAfter} bytes left");
        Assert.True(new FileInfo(path).Length <= 400 * 1024);
        var left = store.Query(new IncidentQuery { Limit = 1000 });
        Assert.Equal(300 - run.DeletedForSize, left.Count);
        // Every panic survives; the non-panicked ones left are the newest.
        Assert.True(30 == left.Count(i => i.Report.Panicked), $"{run} left {left.Count}");
        var keptQuiet = left.Where(i => !i.Report.Panicked).Select(i => i.FirstLineAt).ToList();
        var deletedQuiet = Enumerable.Range(1, 300).Where(n => n % 10 != 0).Select(n => Reports.T0.AddMinutes(n)).Except(keptQuiet).ToList();
        Assert.NotEmpty(deletedQuiet);
        Assert.True(deletedQuiet.Max() < keptQuiet.Min(), "the oldest non-panicked incidents go first");
        lock (log)
        {
            Assert.Contains(log, m => m.Contains("Retention deleted", StringComparison.Ordinal));
        }

        // The store goes on: new incidents are stored and ids keep increasing.
        Assert.True((await StoreAsync(store, At(301, Reports.T0.AddDays(1), panicked: false))).Id > 300);
    }

    [Fact]
    public async Task Retention_runs_by_itself_on_its_interval()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions
        {
            Path = dir.File("incidents.db"),
            MaxAge = TimeSpan.FromDays(1),
            RetentionInterval = TimeSpan.FromMilliseconds(200),
        });
        var old = await StoreAsync(store, At(1, DateTimeOffset.UtcNow.AddDays(-3), panicked: false));

        using var timeout = new CancellationTokenSource(Generous);
        while (store.Get(old.Id) is not null)
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.Equal(1, store.Health.RetentionDeleted);
    }
}
