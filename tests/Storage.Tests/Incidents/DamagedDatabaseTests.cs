using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

/// <summary>Real files damaged on disk: queries show what can be read and name what cannot; check and rebuild salvage.</summary>
public sealed class DamagedDatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Queries_on_a_database_with_a_scrambled_data_page_list_the_readable_incidents_and_name_the_unreadable_one()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        await DatabaseFiles.CreateAsync(path, 40);
        DatabaseFiles.Scramble(path, 20);

        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = path });
        var read = store.Read(new IncidentQuery());
        Assert.Equal(39, read.Incidents.Count);
        Assert.DoesNotContain(read.Incidents, i => i.Console == "bmc-020");
        Assert.Equal([20L], read.Unreadable.Select(u => u.Id));
        Assert.Contains("ids 20", read.Warning, StringComparison.Ordinal);

        var fleet = store.ReadFleet(new IncidentQuery());
        Assert.Equal(39, fleet.Groups.Count);
        Assert.Equal([20L], fleet.Unreadable.Select(u => u.Id));

        // Filters still apply on the salvage path.
        var one = store.Read(new IncidentQuery { Console = "bmc-021" });
        Assert.Equal("bmc-021", Assert.Single(one.Incidents).Console);
    }

    [Fact]
    public async Task The_file_reader_shows_a_damaged_database_without_changing_a_byte_of_it()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        await DatabaseFiles.CreateAsync(path, 40);
        DatabaseFiles.Scramble(path, 7);
        var before = DatabaseFiles.Sha256(path);

        using (var reader = IncidentFileReader.Open(path))
        {
            var read = reader.Read(new IncidentQuery());
            Assert.Equal(39, read.Incidents.Count);
            Assert.Equal([7L], read.Unreadable.Select(u => u.Id));
            Assert.Equal("bmc-008", reader.Get(8)!.Console);
        }

        Assert.Equal(before, DatabaseFiles.Sha256(path));
    }

    [Fact]
    public async Task Check_says_OK_for_a_sound_database_and_names_the_damaged_records_of_another()
    {
        using var dir = new TempDirectory();
        var sound = dir.File("sound.db");
        var damaged = dir.File("damaged.db");
        await DatabaseFiles.CreateAsync(sound, 10);
        await DatabaseFiles.CreateAsync(damaged, 10);
        DatabaseFiles.Scramble(damaged, 4);

        var ok = DatabaseMaintenance.Check(sound);
        Assert.True(ok.Ok, ok.Summary);
        Assert.Equal(10, ok.Readable);

        var bad = DatabaseMaintenance.Check(damaged);
        Assert.False(bad.Ok);
        Assert.Equal(9, bad.Readable);
        Assert.Equal([4L], bad.Unreadable.Select(u => u.Id));
        Assert.Contains("solwatch db rebuild", bad.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_of_a_file_that_is_no_database_asks_whether_db_names_the_right_file_and_does_not_say_start_again()
    {
        using var dir = new TempDirectory();
        var path = dir.File("random.bin");
        File.WriteAllBytes(path, [0xdf, 0xdd, 0xbb, 0x3b, 0xd1, 0xc6, 0x9e, 0xb6, 0x00, 0x01]);

        var report = DatabaseMaintenance.Check(path);

        Assert.False(report.Ok);
        Assert.Equal(
            $"{path} is not a database (it starts with DFDDBB3BD1C69EB6), not a SolWatch incident database: is --db the daemon's " +
            $"storage.database? If it is a damaged SolWatch database, `solwatch db rebuild --db {path}` salvages what can still be read",
            report.Summary);
    }

    [Fact]
    public async Task Rebuild_in_place_keeps_the_damaged_file_and_the_fresh_database_holds_every_readable_incident()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        await DatabaseFiles.CreateAsync(path, 40);
        DatabaseFiles.Scramble(path, 13);
        var before = DatabaseFiles.Sha256(path);

        var report = DatabaseMaintenance.Rebuild(path, null, Now);

        Assert.Equal(39, report.Saved);
        Assert.Equal([13L], report.Lost.Select(l => l.Id));
        Assert.Equal(path + ".damaged-20261204T160000Z", report.DamagedKeptAs);
        Assert.Equal(before, DatabaseFiles.Sha256(report.DamagedKeptAs!));
        Assert.True(DatabaseMaintenance.Check(path).Ok);
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = path });
        Assert.Equal(39, store.Query(new IncidentQuery()).Count);
        Assert.True(store.TryStore(DatabaseFiles.Numbered(99), out var next));
        Assert.True((await next).Id > 40, "ids continue after the highest id of the damaged file");
    }

    [Fact]
    public async Task Rebuild_of_a_database_cut_short_saves_what_is_left_into_the_output_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        var output = dir.File("salvaged.db");
        await DatabaseFiles.CreateAsync(path, 60);
        DatabaseFiles.Truncate(path, 0.5);
        var before = DatabaseFiles.Sha256(path);

        Assert.False(DatabaseMaintenance.Check(path).Ok);
        var report = DatabaseMaintenance.Rebuild(path, output, Now);

        Assert.Null(report.DamagedKeptAs);
        Assert.Equal(before, DatabaseFiles.Sha256(path));
        Assert.InRange(report.Saved, 1, 59);
        using var reader = IncidentFileReader.Open(output);
        var read = reader.Read(new IncidentQuery { Limit = 1000 });
        Assert.Equal(report.Saved, read.Incidents.Count);
        Assert.Empty(read.Unreadable);
    }

    [Fact]
    public void Rebuild_refuses_a_foreign_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("notes.db");
        File.WriteAllText(path, "hello\n");
        Assert.Throws<DatabaseFileException>(() => DatabaseMaintenance.Rebuild(path, null, Now));
        Assert.Equal("hello\n", File.ReadAllText(path));
        Assert.False(DatabaseMaintenance.Check(path).Ok);
    }
}
