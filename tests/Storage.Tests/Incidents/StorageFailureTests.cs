using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Incidents;

public sealed class StorageFailureTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    private static NewIncident Bulky(int n) => Reports.Incident($"bmc{n}", null, Reports.T0.AddMinutes(n)) with
    {
        // Several pages of context, so every incident needs fresh space.
        Context = [.. Enumerable.Range(0, 200).Select(i => new TranscriptLine(Reports.T0.AddMinutes(n), new string('x', 100) + i))],
    };

    [Fact]
    public async Task A_full_disk_makes_the_writer_retry_until_space_frees_up_and_loses_nothing()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 1024);
        var options = new IncidentStoreOptions
        {
            Path = Path.Combine(tmpfs.Path, "incidents.db"),
            RetryInitialDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            CheckpointInterval = TimeSpan.FromHours(1),
        };
        var store = IncidentStore.Open(options);
        try
        {
            Assert.True(store.TryStore(Bulky(0), out var before));
            var storedBefore = await before.WaitAsync(Generous);

            tmpfs.Fill();
            var during = new List<Task<Incident>>();
            for (var n = 1; n <= 5; n++)
            {
                // Capture is never blocked: the queue takes the incidents at once.
                Assert.True(store.TryStore(Bulky(n), out var stored));
                during.Add(stored);
            }

            await WaitUntil(() => store.Health.Failed >= 3);
            var health = store.Health;
            Assert.All(during, t => Assert.False(t.IsCompleted));
            Assert.Equal(5, health.Queued);
            Assert.Contains(options.Path, health.LastError, StringComparison.Ordinal);
            Assert.Contains("free space", health.LastError, StringComparison.Ordinal);
            Assert.NotNull(health.LastErrorAt);
            // What was stored before the disk filled up is still readable.
            Assert.NotNull(store.Get(storedBefore.Id));

            tmpfs.Free();
            var storedAfter = await Task.WhenAll(during).WaitAsync(Generous);
            Assert.Equal(6, store.Health.Stored);
            Assert.Equal(0, store.Health.Queued);
            Assert.Equal(storedAfter.Length, storedAfter.Select(i => i.Id).Distinct().Count());
        }
        finally
        {
            await store.DisposeAsync();
        }

        await using var reopened = IncidentStore.Open(options);
        Assert.Equal(6, reopened.Query(new IncidentQuery()).Count);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_counts_the_drop()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 1024);
        var options = new IncidentStoreOptions
        {
            Path = Path.Combine(tmpfs.Path, "incidents.db"),
            QueueCapacity = 2,
            MaxBatch = 1,
            RetryInitialDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        await using var store = IncidentStore.Open(options);
        tmpfs.Fill();

        // One batch is held by the failing writer, two wait in the queue, the fourth does not fit.
        var accepted = new List<Task<Incident>>();
        var refused = 0;
        for (var n = 0; n < 6; n++)
        {
            if (store.TryStore(Bulky(n), out var stored))
            {
                accepted.Add(stored);
            }
            else
            {
                refused++;
                await Assert.ThrowsAsync<InvalidOperationException>(() => stored);
            }
        }

        Assert.InRange(refused, 3, 4);
        Assert.Equal(refused, store.Health.Dropped);

        tmpfs.Free();
        await Task.WhenAll(accepted).WaitAsync(Generous);
    }

    [Fact]
    public async Task An_incident_the_database_refuses_fails_at_once_without_holding_up_the_others()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions
        {
            Path = dir.File("incidents.db"),
            // Retrying would take ten minutes: the poison must be recognised, not waited out.
            RetryInitialDelay = TimeSpan.FromMinutes(10),
            RetryMaxDelay = TimeSpan.FromMinutes(10),
        });
        var tooBig = Reports.Incident("huge") with { Report = Reports.NullDeref() with { Text = new string('x', 17 * 1024 * 1024) } };

        store.TryStore(Reports.Incident("before"), out var before);
        store.TryStore(tooBig, out var poison);
        store.TryStore(Reports.Incident("after"), out var after);

        await Assert.ThrowsAnyAsync<Exception>(() => poison.WaitAsync(Generous));
        var stored = await Task.WhenAll(before, after).WaitAsync(Generous);
        Assert.Equal(["before", "after"], stored.Select(i => store.Get(i.Id)!.Console));
        Assert.Equal(1, store.Health.Dropped);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
