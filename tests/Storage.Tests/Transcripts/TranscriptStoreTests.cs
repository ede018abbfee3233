using System.IO.Compression;
using SolWatch.Storage.Files;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Transcripts;

public sealed class TranscriptStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = Reports.T0;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private TranscriptOptions Options => new() { Directory = _dir.File("transcripts") };

    [Fact]
    public async Task Lines_read_back_with_their_receive_times_and_gaps_are_marked()
    {
        await using var store = new TranscriptStore(Options);
        store.Append("bmc1", T0.AddTicks(1234567), "[   12.345678] BUG: kernel NULL pointer dereference");
        store.Append("bmc1", T0.AddSeconds(1), "  spaces kept  | ! not a gap");
        store.Append("bmc1", T0.AddSeconds(2), "");
        store.AppendGap("bmc1", T0.AddSeconds(3), "disconnected: connection reset by peer");
        store.Append("bmc1", T0.AddSeconds(4).ToOffset(TimeSpan.FromHours(2)), "après reconnect ✓");
        store.Append("other", T0, "another console");
        await store.FlushAsync();

        var lines = store.Read("bmc1").ToList();

        Assert.Equal(
        [
            new TranscriptLine(T0.AddTicks(1234567), "[   12.345678] BUG: kernel NULL pointer dereference"),
            new TranscriptLine(T0.AddSeconds(1), "  spaces kept  | ! not a gap"),
            new TranscriptLine(T0.AddSeconds(2), ""),
            new TranscriptLine(T0.AddSeconds(3), "disconnected: connection reset by peer") { IsGap = true },
            new TranscriptLine(T0.AddSeconds(4), "après reconnect ✓"),
        ], lines);
        Assert.Equal(5, store.Health("bmc1").Written);
        Assert.Equal(6, store.Health().Written);
    }

    [Fact]
    public async Task The_file_keeps_the_receive_time_in_a_readable_line_format()
    {
        await using (var store = new TranscriptStore(Options))
        {
            store.Append("bmc1", T0.AddTicks(1234560), "Kernel panic - not syncing: Fatal exception");
            store.AppendGap("bmc1", T0.AddSeconds(5), "reconnected after 4.2 s");
        }

        Assert.Equal(
            "2026-11-26T07:53:01.1234560Z | Kernel panic - not syncing: Fatal exception\n" +
            "2026-11-26T07:53:06.0000000Z ! gap: reconnected after 4.2 s\n",
            await File.ReadAllTextAsync(Path.Combine(Options.Directory, "bmc1", "current.log")));
    }

    [Fact]
    public async Task A_file_growing_past_the_size_bound_is_rotated_and_gzipped_and_reads_back_whole()
    {
        await using var store = new TranscriptStore(Options with { MaxFileBytes = 2000 });
        for (var i = 0; i < 200; i++)
        {
            store.Append("bmc1", T0.AddMilliseconds(100 * i), $"line {i}");
            if (i % 7 == 0)
            {
                await store.FlushAsync(); // several batches, so rotation happens across and within batches
            }
        }

        await store.FlushAsync();

        var directory = Path.Combine(Options.Directory, "bmc1");
        var parts = Directory.GetFiles(directory, "*.log.gz");
        Assert.True(parts.Length >= 3, $"{parts.Length} parts");
        Assert.Empty(Directory.GetFiles(directory, "2*.log")); // every rotated part compressed
        Assert.All(Directory.GetFiles(directory), f => Assert.True(new FileInfo(f).Length <= 2000, $"{f} is too big"));
        foreach (var part in parts)
        {
            await using var gzip = new GZipStream(File.OpenRead(part), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            Assert.StartsWith("2026-11-26T07:5", await reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"line {i}"), store.Read("bmc1").Select(l => l.Text));
    }

    [Fact]
    public async Task A_compressed_part_cut_off_on_disk_reads_up_to_the_cut_and_the_parts_after_it_still_read()
    {
        await using var store = new TranscriptStore(Options with { MaxFileBytes = 2000 });
        for (var i = 0; i < 200; i++)
        {
            store.Append("bmc1", T0.AddMilliseconds(100 * i), $"line {i}");
            if (i % 7 == 0)
            {
                await store.FlushAsync();
            }
        }

        await store.FlushAsync();
        var directory = Path.Combine(Options.Directory, "bmc1");
        var parts = Directory.GetFiles(directory, "*.log.gz").Order(StringComparer.Ordinal).ToArray();
        Assert.True(parts.Length >= 3, $"{parts.Length} parts");
        var cut = parts[1];
        var whole = File.ReadAllBytes(cut);
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);

        var read = store.Read("bmc1").Select(l => l.Text).ToList();

        // Every line of the other parts, in order; of the cut part, a beginning with no line garbled.
        var numbers = read.Select(t => int.Parse(t["line ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(199, numbers[^1]);
        Assert.Equal(0, numbers[0]);
        var missing = Enumerable.Range(0, 200).Except(numbers).ToList();
        Assert.NotEmpty(missing);
        Assert.Equal(missing.Count, missing[^1] - missing[0] + 1); // one run of lines: the rest of the cut part
    }

    [Fact]
    public async Task Reading_since_a_time_returns_only_later_lines_across_parts()
    {
        await using var store = new TranscriptStore(Options with { MaxFileBytes = 500 });
        for (var i = 0; i < 100; i++)
        {
            store.Append("bmc1", T0.AddSeconds(i), $"line {i}");
        }

        await store.FlushAsync();

        Assert.Equal(
            Enumerable.Range(42, 58).Select(i => $"line {i}"),
            store.Read("bmc1", since: T0.AddSeconds(42)).Select(l => l.Text));
        Assert.Empty(store.Read("bmc1", since: T0.AddSeconds(100)));
        Assert.Empty(store.Read("never-seen"));
    }

    [Fact]
    public async Task A_file_older_than_the_age_bound_is_rotated_when_the_next_line_arrives()
    {
        await using var store = new TranscriptStore(Options with { MaxFileAge = TimeSpan.FromHours(1) });
        store.Append("bmc1", T0, "first");
        store.Append("bmc1", T0.AddMinutes(59), "same file");
        store.Append("bmc1", T0.AddMinutes(61), "new file");
        await store.FlushAsync();

        var directory = Path.Combine(Options.Directory, "bmc1");
        Assert.Equal(["20261126T075301Z.log.gz"], Directory.GetFiles(directory, "*.gz").Select(Path.GetFileName));
        Assert.Equal(["first", "same file", "new file"], store.Read("bmc1").Select(l => l.Text));
    }

    [Fact]
    public async Task Parts_that_ended_before_the_retention_period_are_deleted()
    {
        var clock = new FakeClock(T0.AddDays(10));
        await using var store = new TranscriptStore(Options with
        {
            MaxFileAge = TimeSpan.FromHours(1), Retention = TimeSpan.FromDays(2), Clock = clock,
        });
        store.Append("bmc1", T0, "part A, ends at +2h");
        store.Append("bmc1", T0.AddHours(2), "part B, ends at +4h");
        store.Append("bmc1", T0.AddHours(4), "part C, ends at +9d");
        store.Append("bmc1", T0.AddDays(9), "current");
        await store.FlushAsync();

        Assert.Equal(["part C, ends at +9d", "current"], store.Read("bmc1").Select(l => l.Text));
        Assert.Single(Directory.GetFiles(Path.Combine(Options.Directory, "bmc1"), "*.gz"));
    }

    [Fact]
    public async Task Transcript_files_are_0600_in_0700_directories()
    {
        await using (var store = new TranscriptStore(Options with { MaxFileBytes = 200 }))
        {
            for (var i = 0; i < 20; i++)
            {
                store.Append("bmc1", T0.AddSeconds(i), $"line {i}");
            }
        }

        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Options.Directory));
        var directory = Path.Combine(Options.Directory, "bmc1");
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(directory));
        var files = Directory.GetFiles(directory);
        Assert.Contains(files, f => f.EndsWith(".log.gz", StringComparison.Ordinal));
        Assert.All(files, f => Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task Console_names_become_safe_directories_that_never_collide()
    {
        string[] consoles = ["../../etc", "rack3/bmc:sol", "rack3_bmc_sol", ".", "", "-n"];
        await using var store = new TranscriptStore(Options);
        foreach (var console in consoles)
        {
            store.Append(console, T0, $"from {console}");
        }

        await store.FlushAsync();

        var directories = Directory.GetDirectories(Options.Directory).Select(Path.GetFileName).ToList();
        Assert.Equal(consoles.Length, directories.Count);
        Assert.All(directories, d => Assert.Matches("^[A-Za-z0-9_][A-Za-z0-9._~-]*$", d));
        Assert.Contains("rack3_bmc_sol", directories); // a safe name stays readable
        foreach (var console in consoles)
        {
            Assert.Equal([$"from {console}"], store.Read(console).Select(l => l.Text));
        }
    }

    [Fact]
    public async Task Lines_appended_after_dispose_are_counted_as_lost_without_blaming_the_disk()
    {
        var store = new TranscriptStore(Options);
        await store.DisposeAsync();

        store.Append("bmc1", T0, "too late");

        var health = store.Health("bmc1");
        Assert.Equal(1, health.Lost);
        Assert.Null(health.LastError);
        Assert.False(health.Failing);
    }

    [Fact]
    public async Task Writing_continues_in_the_same_file_after_a_restart_and_after_a_torn_last_line()
    {
        await using (var store = new TranscriptStore(Options))
        {
            store.Append("bmc1", T0, "before restart");
        }

        // A kill -9 in the middle of a write leaves a line without its newline.
        await File.AppendAllTextAsync(Path.Combine(Options.Directory, "bmc1", "current.log"), "2026-11-26T07:5");

        await using (var store = new TranscriptStore(Options))
        {
            store.Append("bmc1", T0.AddSeconds(1), "after restart");
            await store.FlushAsync();
            Assert.Equal(["before restart", "after restart"], store.Read("bmc1").Select(l => l.Text));
        }
    }
}
