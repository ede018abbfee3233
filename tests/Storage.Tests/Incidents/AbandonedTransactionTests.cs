using SolWatch.Storage.Incidents;
using SolWatch.Storage.Incidents.Persistence;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Incidents;

/// <summary>
/// LiteDB 5.0.21 leaves the transaction of a write that failed on a full disk on the finalizer queue, and its finalizer
/// throws on the GC's thread, which ends the process (<see cref="AbandonedTransactions"/>). Found by a daemon that died a
/// minute after its disk filled; here the finalizers are run at once.
/// </summary>
public sealed class AbandonedTransactionTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    private static NewIncident Bulky(int n) => Reports.Incident($"bmc{n}", null, Reports.T0.AddMinutes(n)) with
    {
        Report = Reports.NullDeref(fingerprint: $"fp{n:D14}"),
        Context = [.. Enumerable.Range(0, 200).Select(i => new TranscriptLine(Reports.T0.AddMinutes(n), new string('x', 100) + i))],
    };

    [Fact]
    public void The_workaround_still_reaches_the_transactions_of_this_litedb_version()
    {
        // A LiteDB upgrade that renames the fields must be looked at: the defect may be fixed, or the workaround dead.
        Assert.True(AbandonedTransactions.CanReach);
    }

    [Fact]
    public async Task Writes_failing_on_a_full_disk_leave_no_finalizer_that_ends_the_process_and_the_incident_is_stored_later()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 1024);
        var options = new IncidentStoreOptions
        {
            Path = Path.Combine(tmpfs.Path, "incidents.db"),
            RetryInitialDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            CheckpointInterval = TimeSpan.FromHours(1),
        };
        await using var store = IncidentStore.Open(options);
        Assert.True(store.TryStore(Bulky(0), out var before));
        await before.WaitAsync(Generous);

        long disarmedBefore = AbandonedTransactions.Disarmed;
        tmpfs.Fill();
        Assert.True(store.TryStore(Bulky(1), out var during));
        var deadline = DateTime.UtcNow + Generous;
        while (store.Health.Failed < 5)
        {
            Assert.True(DateTime.UtcNow < deadline, "the writes did not fail");
            await Task.Delay(20);
        }

        // Each failed write left LiteDB's transaction behind, and closing the database took it off the finalizer queue.
        Assert.True(AbandonedTransactions.Disarmed > disarmedBefore, "no abandoned transaction was disarmed");

        // What the GC does some time later in a daemon: with the defect, an unhandled exception here can end this process.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        tmpfs.Free();
        var stored = await during.WaitAsync(Generous);
        Assert.Equal("bmc1", store.Get(stored.Id)!.Console);
    }
}
