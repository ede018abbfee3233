using SolWatch.Storage.Files;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

public sealed class OpeningTests
{
    [Fact]
    public async Task A_second_open_of_the_same_file_in_one_process_is_refused()
    {
        using var dir = new TempDirectory();
        var options = new IncidentStoreOptions { Path = dir.File("incidents.db") };
        await using var store = IncidentStore.Open(options);

        var error = Assert.Throws<InvalidOperationException>(() => IncidentStore.Open(options with { MaxBatch = 1 }));
        Assert.Contains("already open in this process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_can_be_opened_again_after_the_store_is_disposed()
    {
        using var dir = new TempDirectory();
        var options = new IncidentStoreOptions { Path = dir.File("incidents.db") };
        await IncidentStore.Open(options).DisposeAsync();
        await using var again = IncidentStore.Open(options);
        Assert.Empty(again.Query(new IncidentQuery()));
    }

    [Fact]
    public async Task The_incidents_are_indexed_on_console_first_line_time_kind_and_fingerprint()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        await IncidentStore.Open(new IncidentStoreOptions { Path = path }).DisposeAsync();

        using var database = new LiteDB.LiteDatabase($"Filename={path};Connection=direct;ReadOnly=true");
        var indexes = database.GetCollection("$indexes").Query()
            .Where("collection = 'incidents'").ToList()
            .ToDictionary(i => i["name"].AsString, i => i["expression"].AsString);

        Assert.Equal("$.Console", indexes["Console"]);
        Assert.Equal("$.FirstLineAtTicks", indexes["FirstLineAt"]);
        Assert.Equal("$.Report.Kind", indexes["Kind"]);
        Assert.Equal("$.Report.Fingerprint", indexes["Fingerprint"]);
    }

    [Fact]
    public async Task The_database_and_a_new_directory_are_private_to_the_daemon_user()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "state", "incidents.db");
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = path });
        store.TryStore(Reports.Incident(), out var stored);
        await stored;

        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(path));
    }
}
