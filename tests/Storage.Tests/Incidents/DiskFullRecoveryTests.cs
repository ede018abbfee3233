using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Incidents;

/// <summary>A real tiny tmpfs filled up while incidents arrive: the store must wait it out and lose nothing.</summary>
public sealed class DiskFullRecoveryTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    private static NewIncident Bulky(int n) => Reports.Incident($"bmc{n}", null, Reports.T0.AddMinutes(n)) with
    {
        Report = Reports.NullDeref(fingerprint: $"fp{n:D14}"),
        Context = [.. Enumerable.Range(0, 200).Select(i => new TranscriptLine(Reports.T0.AddMinutes(n), new string('x', 100) + i))],
    };

    private static IncidentStoreOptions Options(TinyTmpfs tmpfs, List<string>? log = null) => new()
    {
        Path = Path.Combine(tmpfs.Path, "incidents.db"),
        RetryInitialDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        CheckpointInterval = TimeSpan.FromHours(1),
        Log = log is null ? null : message => { lock (log) { log.Add(message); } },
    };

    /// <summary>Descriptors this process holds on files below <paramref name="directory"/> (Linux /proc).</summary>
    private static string[] OpenFilesUnder(string directory) =>
        [.. new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Select(fd => fd.LinkTarget)
            .Where(target => target is not null && target.StartsWith(directory + "/", StringComparison.Ordinal))
            .Select(target => target!)];

    [Fact]
    public async Task A_write_that_fails_half_way_through_a_page_leaks_no_handle_and_the_incident_is_stored_once_space_returns()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 1024);
        var options = Options(tmpfs);
        var store = IncidentStore.Open(options);
        try
        {
            Assert.True(store.TryStore(Bulky(0), out var before));
            await before.WaitAsync(Generous);

            // 4 KiB left: the next 8 KiB log page is written half, then ENOSPC.
            tmpfs.FillLeaving(4096);
            Assert.True(store.TryStore(Bulky(1), out var during));
            await WaitUntil(() => store.Health.Failed >= 10);

            // Each failed attempt closed what it opened: one handle per file at most, however many retries.
            var open = OpenFilesUnder(tmpfs.Path);
            Assert.True(open.Length <= 3, $"handles left open after {store.Health.Failed} failed attempts: {string.Join(", ", open)}");
            Assert.False(during.IsCompleted);

            tmpfs.Free();
            var stored = await during.WaitAsync(Generous);
            Assert.Equal("bmc1", store.Get(stored.Id)!.Console);
        }
        finally
        {
            await store.DisposeAsync();
        }

        await using var reopened = IncidentStore.Open(options);
        var all = reopened.Query(new IncidentQuery());
        Assert.Equal(["bmc0", "bmc1"], all.Select(i => i.Console).Order());
    }

    [Fact]
    public async Task A_store_opened_on_a_full_disk_holds_incidents_in_memory_and_creates_the_file_once_space_returns()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 1024);
        var options = Options(tmpfs);
        // The daemon started again on the disk its own transcripts had filled: no database file can be made yet.
        tmpfs.Fill();
        await using (var store = IncidentStore.Open(options))
        {
            Assert.Contains("disk full", store.Health.Problem, StringComparison.Ordinal);
            Assert.True(store.TryStore(Bulky(1), out var first));
            Assert.True(store.TryStore(Bulky(2), out var second));
            await WaitUntil(() => store.Health.Failed >= 3);
            Assert.False(first.IsCompleted);

            tmpfs.Free();
            Assert.Equal(1, (await first.WaitAsync(Generous)).Id);
            Assert.Equal(2, (await second.WaitAsync(Generous)).Id);
            Assert.Null(store.Health.Problem);
        }

        await using var reopened = IncidentStore.Open(options);
        Assert.Equal(["bmc1", "bmc2"], reopened.Query(new IncidentQuery()).Select(i => i.Console).Order());
    }

    [Fact]
    public async Task A_full_disk_is_waited_out_past_any_number_of_attempts_and_health_says_what_is_wrong()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 1024);
        var options = Options(tmpfs);
        await using var store = IncidentStore.Open(options);
        Assert.True(store.TryStore(Bulky(0), out var before));
        await before.WaitAsync(Generous);

        tmpfs.Fill();
        var during = new List<Task<Incident>>();
        for (var n = 1; n <= 3; n++)
        {
            Assert.True(store.TryStore(Bulky(n), out var stored));
            during.Add(stored);
        }

        await WaitUntil(() => store.Health.Failed >= 10);
        var health = store.Health;
        Assert.All(during, t => Assert.False(t.IsCompleted));
        Assert.Equal(0, health.Dropped);
        Assert.NotNull(health.FailingSince);
        Assert.Contains("disk full since", health.Problem, StringComparison.Ordinal);
        Assert.Contains("3 incidents waiting", health.Problem, StringComparison.Ordinal);
        Assert.Contains(options.Path, health.Problem, StringComparison.Ordinal);

        tmpfs.Free();
        var stored2 = await Task.WhenAll(during).WaitAsync(Generous);
        Assert.Equal(["bmc1", "bmc2", "bmc3"], stored2.Select(i => i.Console));
        Assert.Equal(4, store.Query(new IncidentQuery()).Count);
        Assert.Null(store.Health.Problem);
        Assert.Null(store.Health.FailingSince);
    }

    [Fact]
    public async Task At_shutdown_during_an_outage_the_log_names_every_incident_that_could_not_be_stored()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 1024);
        var log = new List<string>();
        var options = Options(tmpfs, log) with { ShutdownTimeout = TimeSpan.FromMilliseconds(300) };
        var store = IncidentStore.Open(options);
        Assert.True(store.TryStore(Bulky(0), out var before));
        await before.WaitAsync(Generous);

        tmpfs.Fill();
        Assert.True(store.TryStore(Bulky(1), out var first));
        Assert.True(store.TryStore(Bulky(2), out var second));
        await WaitUntil(() => store.Health.Failed >= 2);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<IOException>(() => first.WaitAsync(Generous));
        await Assert.ThrowsAsync<IOException>(() => second.WaitAsync(Generous));
        string all;
        lock (log)
        {
            all = string.Join('\n', log);
        }

        Assert.Contains("2 incident(s) could not be stored", all, StringComparison.Ordinal);
        Assert.Contains("bmc1", all, StringComparison.Ordinal);
        Assert.Contains("bmc2", all, StringComparison.Ordinal);
        Assert.Contains("fp00000000000001", all, StringComparison.Ordinal);
        tmpfs.Free();
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
