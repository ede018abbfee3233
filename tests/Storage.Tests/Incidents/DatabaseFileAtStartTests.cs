using System.Text;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

/// <summary>What is at the database path when the store opens: only an empty file or a SolWatch database is used.</summary>
public sealed class DatabaseFileAtStartTests
{
    public static TheoryData<string, byte[], string> ForeignFiles => new()
    {
        { "text", Encoding.UTF8.GetBytes("storage:\n  database: /var/lib/solwatch/incidents.db\n"), "a text file" },
        { "sqlite", [.. "SQLite format 3\0"u8, .. new byte[4080]], "a SQLite database" },
        { "png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, (byte)'I', (byte)'H', (byte)'D', (byte)'R'], "a PNG image" },
    };

    [Theory]
    [MemberData(nameof(ForeignFiles))]
    public void A_file_that_is_not_a_database_is_refused_with_its_name_and_left_untouched(string name, byte[] content, string described)
    {
        using var dir = new TempDirectory();
        var path = dir.File($"{name}.db");
        File.WriteAllBytes(path, content);

        var error = Assert.Throws<DatabaseFileException>(() => IncidentStore.Open(new IncidentStoreOptions { Path = path }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(described, error.Message, StringComparison.Ordinal);
        Assert.Contains("Move it aside", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(path));
        // Refused before the lock: the next attempt (after the operator fixed it) is not told "already open".
        Assert.Throws<DatabaseFileException>(() => IncidentStore.Open(new IncidentStoreOptions { Path = path }));
    }

    [Fact]
    public void A_directory_at_the_database_path_is_refused_as_a_directory_naming_the_file_to_give()
    {
        using var dir = new TempDirectory();
        var path = dir.File("data");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<DatabaseFileException>(() => IncidentStore.Open(new IncidentStoreOptions { Path = path }));

        Assert.Contains($"{path} is a directory (storage.database names the file itself, e.g. {Path.Combine(path, "incidents.db")})", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(path));
        Assert.Equal(["data"], Directory.EnumerateFileSystemEntries(dir.Path).Select(p => Path.GetFileName(p)));
    }

    [Fact]
    public void A_named_pipe_at_the_database_path_is_refused_as_one_with_its_mode_unchanged_and_nothing_made_beside_it()
    {
        // Stands for /dev/null (a device taken for an empty file: as root the store set its mode to 0600 and made
        // /dev/null.lock beside it); a FIFO is a file that is no regular file and that a test may make.
        using var dir = new TempDirectory();
        var path = dir.File("fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", ["-m", "0666", path]))
        {
            mkfifo.WaitForExit();
        }
        var mode = File.GetUnixFileMode(path);

        var error = Assert.Throws<DatabaseFileException>(() => IncidentStore.Open(new IncidentStoreOptions { Path = path }));

        Assert.Contains($"{path} is a FIFO (named pipe), not a database file; set storage.database (or --db) to the path of a file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Move it aside", error.Message, StringComparison.Ordinal);
        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal(["fifo"], Directory.EnumerateFileSystemEntries(dir.Path).Select(p => Path.GetFileName(p)));
    }

    [Fact]
    public void A_LiteDB_database_of_another_application_is_refused_and_left_untouched()
    {
        using var dir = new TempDirectory();
        var path = dir.File("other.db");
        using (var other = new LiteDB.LiteDatabase($"Filename={path};Connection=direct"))
        {
            other.GetCollection("customers").Insert(new LiteDB.BsonDocument { ["name"] = "ACME" });
        }

        var before = DatabaseFiles.Sha256(path);
        var error = Assert.Throws<DatabaseFileException>(() => IncidentStore.Open(new IncidentStoreOptions { Path = path }));

        Assert.Contains("another application", error.Message, StringComparison.Ordinal);
        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, DatabaseFiles.Sha256(path));
    }

    [Fact]
    public async Task An_empty_file_is_accepted_and_becomes_the_database()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        await File.WriteAllBytesAsync(path, []);

        await using (var store = IncidentStore.Open(new IncidentStoreOptions { Path = path }))
        {
            Assert.True(store.TryStore(Reports.Incident(), out var stored));
            Assert.Equal(1, (await stored).Id);
        }

        await using var again = IncidentStore.Open(new IncidentStoreOptions { Path = path });
        Assert.Single(again.Query(new IncidentQuery()));
    }

    [Fact]
    public async Task A_database_cut_short_is_refused_naming_db_rebuild_and_left_untouched()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        await DatabaseFiles.CreateAsync(path, 40);
        DatabaseFiles.Truncate(path, 0.5);
        var before = DatabaseFiles.Sha256(path);

        var error = Assert.Throws<DatabaseFileException>(() => IncidentStore.Open(new IncidentStoreOptions { Path = path }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
        Assert.Contains($"solwatch db rebuild --db {path}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, DatabaseFiles.Sha256(path));
    }

    [Fact]
    public async Task A_database_whose_header_page_is_torn_is_refused_not_replaced_by_an_empty_one()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        await DatabaseFiles.CreateAsync(path, 3);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(5000);
        }

        var before = DatabaseFiles.Sha256(path);
        var error = Assert.Throws<DatabaseFileException>(() => IncidentStore.Open(new IncidentStoreOptions { Path = path }));

        Assert.Contains("header page torn", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, DatabaseFiles.Sha256(path));
    }
}
