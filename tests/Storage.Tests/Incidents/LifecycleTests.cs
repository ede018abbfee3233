using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

public sealed class LifecycleTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Dispose_drains_the_queue_before_closing()
    {
        using var dir = new TempDirectory();
        var options = new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = dir.File("incidents.db"), MaxBatch = 8 };
        var tasks = new List<Task<Incident>>();
        await using (var store = IncidentStore.Open(options))
        {
            for (var i = 0; i < 100; i++)
            {
                Assert.True(store.TryStore(Reports.Incident(at: Reports.T0.AddSeconds(i)), out var stored));
                tasks.Add(stored);
            }
        }

        Assert.All(tasks, t => Assert.True(t.IsCompletedSuccessfully));
        await using var reopened = IncidentStore.Open(options);
        Assert.Equal(100, reopened.Query(new IncidentQuery { Limit = 1000 }).Count);
    }

    [Fact]
    public async Task After_dispose_new_incidents_are_refused_and_counted_as_dropped()
    {
        using var dir = new TempDirectory();
        var store = IncidentStore.Open(new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = dir.File("incidents.db") });
        await store.DisposeAsync();

        Assert.False(store.TryStore(Reports.Incident(), out var stored));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => stored);
        Assert.Contains("shutting down", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.Health.Dropped);
    }

    [Fact]
    public async Task Dispose_gives_up_on_a_failing_disk_after_the_shutdown_timeout()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 1024);
        var store = IncidentStore.Open(new IncidentStoreOptions
        {
            RepeatWindow = TimeSpan.Zero,
            Path = Path.Combine(tmpfs.Path, "incidents.db"),
            RetryInitialDelay = TimeSpan.FromSeconds(30),
            RetryMaxDelay = TimeSpan.FromSeconds(30),
            ShutdownTimeout = TimeSpan.FromMilliseconds(300),
        });
        store.TryStore(Reports.Incident(), out var before);
        await before.WaitAsync(Generous);
        tmpfs.Fill();
        var big = Reports.Incident() with { Report = Reports.NullDeref() with { Text = new string('x', 50_000) } };
        store.TryStore(big, out var doomed);

        await store.DisposeAsync().AsTask().WaitAsync(Generous);

        await Assert.ThrowsAsync<IOException>(() => doomed);
        Assert.Equal(1, store.Health.Stored);
        Assert.Equal(1, store.Health.Dropped);
    }

    [Fact]
    public async Task The_periodic_checkpoint_folds_the_log_into_the_data_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        var log = dir.File("incidents-log.db");
        await using var store = IncidentStore.Open(new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = path, CheckpointInterval = TimeSpan.FromMilliseconds(100) });
        store.TryStore(Reports.Incident(), out var stored);
        await stored;

        using var timeout = new CancellationTokenSource(Generous);
        while (File.Exists(log) && new FileInfo(log).Length > 0)
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.NotNull(store.Get((await stored).Id));
    }
}
