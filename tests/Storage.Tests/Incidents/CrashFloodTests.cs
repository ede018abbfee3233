using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Incidents;

/// <summary>A console in a crash loop: repeats are counted, not stored again; a full queue never drops a panic.</summary>
public sealed class CrashFloodTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    private static NewIncident Crash(string console, int minute, bool panicked = false, string fingerprint = "loopfp0000000001") =>
        Reports.Incident(console, "node1", Reports.T0.AddMinutes(minute),
            Reports.NullDeref(fingerprint: fingerprint) with { Panicked = panicked, PanicReason = panicked ? "Fatal exception" : null });

    private static async Task<Incident> StoreAsync(IncidentStore store, NewIncident incident)
    {
        Assert.True(store.TryStore(incident, out var stored));
        return await stored.WaitAsync(Generous);
    }

    [Fact]
    public async Task Repeats_of_one_fingerprint_on_one_console_within_the_window_are_counted_on_the_first_incident()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });

        var first = await StoreAsync(store, Crash("bmc1", 0));
        var results = new List<Incident>();
        for (var n = 1; n <= 4; n++)
        {
            results.Add(await StoreAsync(store, Crash("bmc1", n * 10)));
        }

        Assert.All(results, r => Assert.Equal(first.Id, r.Id));
        var only = Assert.Single(store.Query(new IncidentQuery()));
        Assert.Equal(5, only.Occurrences);
        Assert.Equal(Reports.T0.AddMinutes(40).AddSeconds(2), only.LastSeenAt);
        Assert.Equal(first.FirstLineAt, only.FirstLineAt);
        Assert.Equal(4, store.Health.Repeats);
    }

    [Fact]
    public async Task Repeats_within_one_batch_are_counted_once_each()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db"), MaxBatch = 64 });
        var tasks = new List<Task<Incident>>();
        for (var n = 0; n < 50; n++)
        {
            Assert.True(store.TryStore(Crash("bmc1", n), out var stored));
            tasks.Add(stored);
        }

        await Task.WhenAll(tasks).WaitAsync(Generous);
        Assert.Equal(50, Assert.Single(store.Query(new IncidentQuery())).Occurrences);
    }

    [Fact]
    public async Task The_same_crash_on_another_console_or_after_the_window_is_a_new_incident()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db"), RepeatWindow = TimeSpan.FromHours(24) });

        var first = await StoreAsync(store, Crash("bmc1", 0));
        var otherConsole = await StoreAsync(store, Crash("bmc2", 1));
        var otherCrash = await StoreAsync(store, Crash("bmc1", 2, fingerprint: "otherfp000000001"));
        var nextDay = await StoreAsync(store, Crash("bmc1", 25 * 60));

        Assert.Equal(4, new[] { first.Id, otherConsole.Id, otherCrash.Id, nextDay.Id }.Distinct().Count());
        Assert.All(store.Query(new IncidentQuery()), i => Assert.Equal(1, i.Occurrences));
    }

    [Fact]
    public async Task A_panicked_report_after_a_non_panicked_twin_is_stored_as_its_own_incident_and_counts_its_own_repeats()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });

        var oops = await StoreAsync(store, Crash("bmc1", 0));
        var panic = await StoreAsync(store, Crash("bmc1", 1, panicked: true));
        var panicAgain = await StoreAsync(store, Crash("bmc1", 2, panicked: true));

        Assert.NotEqual(oops.Id, panic.Id);
        Assert.Equal(panic.Id, panicAgain.Id);
        var stored = store.Get(panic.Id)!;
        Assert.True(stored.Report.Panicked);
        Assert.Equal("Fatal exception", stored.Report.PanicReason);
        Assert.Equal(2, stored.Occurrences);
        Assert.Equal(1, store.Get(oops.Id)!.Occurrences);
    }

    [Fact]
    public async Task Counting_goes_on_after_the_store_is_reopened()
    {
        using var dir = new TempDirectory();
        var options = new IncidentStoreOptions { Path = dir.File("incidents.db") };
        long id;
        await using (var store = IncidentStore.Open(options))
        {
            id = (await StoreAsync(store, Crash("bmc1", 0))).Id;
        }

        await using var reopened = IncidentStore.Open(options);
        Assert.Equal(id, (await StoreAsync(reopened, Crash("bmc1", 5))).Id);
        Assert.Equal(2, reopened.Get(id)!.Occurrences);
    }

    [Fact]
    public async Task A_zero_window_stores_every_report()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db"), RepeatWindow = TimeSpan.Zero });
        await StoreAsync(store, Crash("bmc1", 0));
        await StoreAsync(store, Crash("bmc1", 1));
        Assert.Equal(2, store.Query(new IncidentQuery()).Count);
    }

    [Fact]
    public async Task A_full_queue_makes_room_for_a_panicked_report_by_dropping_the_oldest_report_that_did_not_panic()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 1024);
        var log = new List<string>();
        await using var store = IncidentStore.Open(new IncidentStoreOptions
        {
            Path = Path.Combine(tmpfs.Path, "incidents.db"),
            QueueCapacity = 2,
            MaxBatch = 1,
            RepeatWindow = TimeSpan.Zero,
            RetryInitialDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            Log = m => { lock (log) { log.Add(m); } },
        });
        tmpfs.Fill();

        NewIncident Big(string console, bool panicked) => Crash(console, 0, panicked) with
        {
            Context = [.. Enumerable.Range(0, 200).Select(i => new TranscriptLine(Reports.T0, new string('x', 100) + i))],
        };

        // The writer holds the first (failing), the queue the next two.
        Assert.True(store.TryStore(Big("held", panicked: false), out var held));
        await WaitUntil(() => store.Health.Failed >= 1);
        Assert.True(store.TryStore(Big("oldest", panicked: false), out var oldest));
        Assert.True(store.TryStore(Big("newer", panicked: false), out var newer));
        Assert.False(store.TryStore(Big("refused", panicked: false), out _));

        Assert.True(store.TryStore(Big("panic", panicked: true), out var panic));
        var displaced = await Assert.ThrowsAsync<InvalidOperationException>(() => oldest.WaitAsync(Generous));
        Assert.Contains("panicked report from panic took its place", displaced.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.Health.Displaced);
        Assert.Equal(2, store.Health.Dropped);
        lock (log)
        {
            Assert.Contains(log, m => m.Contains("oldest", StringComparison.Ordinal) && m.Contains("took its place", StringComparison.Ordinal));
        }

        // A queue holding only panics (and one non-panicked, now gone) refuses rather than drop a panic.
        Assert.True(store.TryStore(Big("panic2", panicked: true), out var panic2));
        Assert.False(store.TryStore(Big("panic3", panicked: true), out _));

        tmpfs.Free();
        var stored = await Task.WhenAll(held, panic, panic2).WaitAsync(Generous);
        Assert.Equal(["held", "panic", "panic2"], stored.Select(i => i.Console));
        await Assert.ThrowsAsync<InvalidOperationException>(() => newer.WaitAsync(Generous));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
