using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

public sealed class IncidentQueryTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private IncidentStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = IncidentStore.Open(new IncidentStoreOptions { Path = _dir.File("incidents.db") });
        // Stored out of time order on purpose: "newest first" must follow the first line time, not the id.
        await Store("bmc1", "node1", 3, Reports.NullDeref("aaaaaaaaaaaaaaaa"));
        await Store("bmc2", "node2", 1, Reports.NullDeref("aaaaaaaaaaaaaaaa"));
        await Store("bmc1", "node1", 2, Reports.NullDeref("bbbbbbbbbbbbbbbb", CrashKind.Lockup, "watchdog: BUG: soft lockup in foo"));
        await Store("ttyS0", null, 4, Reports.NullDeref("cccccccccccccccc", CrashKind.Panic, "kernel panic: Attempted to kill init!"));
    }

    private async Task Store(string console, string? host, int minutes, CrashReport report)
    {
        Assert.True(_store.TryStore(Reports.Incident(console, host, Reports.T0.AddMinutes(minutes), report), out var stored));
        await stored;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private int[] Minutes(IncidentQuery query) =>
        [.. _store.Query(query).Select(i => (int)(i.FirstLineAt - Reports.T0).TotalMinutes)];

    [Fact]
    public void Without_filters_every_incident_is_listed_newest_first() =>
        Assert.Equal([4, 3, 2, 1], Minutes(new IncidentQuery()));

    [Fact]
    public void A_console_filter_lists_only_that_console() =>
        Assert.Equal([3, 2], Minutes(new IncidentQuery { Console = "bmc1" }));

    [Fact]
    public void A_time_range_includes_since_and_excludes_until() =>
        Assert.Equal([3, 2], Minutes(new IncidentQuery { Since = Reports.T0.AddMinutes(2), Until = Reports.T0.AddMinutes(4) }));

    [Fact]
    public void A_time_range_compares_instants_whatever_the_offset() =>
        Assert.Equal([4, 3], Minutes(new IncidentQuery { Since = Reports.T0.AddMinutes(3).ToOffset(TimeSpan.FromHours(-5)) }));

    [Fact]
    public void A_kind_filter_lists_only_that_kind() =>
        Assert.Equal([2], Minutes(new IncidentQuery { Kind = CrashKind.Lockup }));

    [Fact]
    public void A_fingerprint_filter_lists_every_console_with_that_crash() =>
        Assert.Equal([3, 1], Minutes(new IncidentQuery { Fingerprint = "aaaaaaaaaaaaaaaa" }));

    [Fact]
    public void Filters_combine() =>
        Assert.Equal([3], Minutes(new IncidentQuery { Console = "bmc1", Fingerprint = "aaaaaaaaaaaaaaaa" }));

    [Fact]
    public void The_limit_keeps_the_newest() =>
        Assert.Equal([4, 3], Minutes(new IncidentQuery { Limit = 2 }));

    [Fact]
    public void An_unknown_id_gives_null() =>
        Assert.Null(_store.Get(12345));
}
