using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

/// <summary>
/// A database file cut short at any page (a copy interrupted, a disk that filled while copying): LiteDB closes its
/// engine on the first damaged page it meets, and every reader must still answer with what it can read or with a
/// message naming the file and what to do, never LiteDB's ObjectDisposedException.
/// </summary>
public sealed class TruncatedDatabaseTests
{
    private const int PageSize = 8192;

    [Fact]
    public async Task Readers_of_a_database_cut_after_any_page_show_what_is_left_or_name_the_damage()
    {
        using var dir = new TempDirectory();
        var sound = dir.File("sound.db");
        await DatabaseFiles.CreateAsync(sound, 12);
        var length = new FileInfo(sound).Length;
        Assert.True(length > 4 * PageSize, $"the database is {length} bytes: too small to cut at several pages");

        for (long cut = PageSize + 1234; cut < length; cut += PageSize)
        {
            var path = dir.File($"cut-{cut}.db");
            File.Copy(sound, path);
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                stream.SetLength(cut);
            }

            var before = DatabaseFiles.Sha256(path);
            var check = DatabaseMaintenance.Check(path);
            Assert.False(check.Ok, $"cut at {cut}: {check.Summary}");
            Assert.Contains("DAMAGED", check.Summary, StringComparison.Ordinal);

            using (var reader = IncidentFileReader.Open(path))
            {
                var read = reader.Read(new IncidentQuery { Limit = 100 });
                Assert.True(read.Incidents.Count < 12 || read.Warning is not null, $"cut at {cut}: all 12 read back without a warning");
                Assert.All(read.Incidents, i => Assert.StartsWith("bmc-", i.Console, StringComparison.Ordinal));
                var fleet = reader.ReadFleet(new IncidentQuery());
                Assert.Equal(read.Incidents.Count, fleet.Groups.Count);

                // No incident-by-incident fallback here: an answer, or the file named with the commands to run.
                try
                {
                    _ = reader.KdumpFleet();
                }
                catch (DatabaseFileException e)
                {
                    Assert.Contains($"solwatch db rebuild --db {path}", e.Message, StringComparison.Ordinal);
                }

                // The reader is still usable after that failure.
                Assert.Equal(read.Incidents.Count, reader.Read(new IncidentQuery { Limit = 100 }).Incidents.Count);
            }

            Assert.Equal(before, DatabaseFiles.Sha256(path));
        }
    }

    [Fact]
    public async Task Rebuild_of_a_database_cut_after_its_first_pages_saves_what_check_called_readable()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        var output = dir.File("salvaged.db");
        await DatabaseFiles.CreateAsync(path, 12);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength((2 * PageSize) + 1234);
        }

        var check = DatabaseMaintenance.Check(path);
        var report = DatabaseMaintenance.Rebuild(path, output, DateTimeOffset.UnixEpoch);

        Assert.Equal(check.Readable, report.Saved);
        using var reader = IncidentFileReader.Open(output);
        Assert.Equal(report.Saved, reader.Read(new IncidentQuery { Limit = 100 }).Incidents.Count);
    }
}
