using System.IO.Compression;
using SolWatch.Storage.Files;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Transcripts;

public sealed class RawTranscriptTests : IDisposable
{
    private static readonly DateTimeOffset T0 = Reports.T0;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private TranscriptOptions Options => new() { Directory = _dir.File("transcripts") };

    private string ConsoleDirectory(string console = "bmc1") => Path.Combine(Options.Directory, console);

    private static byte[] Bytes(IEnumerable<RawSegment> segments) => [.. segments.Where(s => s.Gap is null).SelectMany(s => s.Bytes)];

    /// <summary>Console output as it really comes: CRLF, a lone CR, escapes, NUL, bytes that are not UTF-8.</summary>
    private static byte[] Chunk(int i) =>
        [.. "[    1.0] chunk "u8, (byte)('0' + (i % 10)), 0x1B, (byte)'[', (byte)'6', (byte)'n', 0x00, 0xFF, 0xC3, (byte)'\r', (byte)'\r', (byte)'\n'];

    [Fact]
    public async Task Raw_bytes_read_back_exactly_as_received_and_gaps_stay_out_of_them()
    {
        await using var store = new TranscriptStore(Options);
        var sent = new List<byte>();
        for (var i = 0; i < 5; i++)
        {
            store.AppendRaw("bmc1", T0.AddMilliseconds(300 * i), Chunk(i));
            sent.AddRange(Chunk(i));
        }

        store.AppendGap("bmc1", T0.AddSeconds(2), "disconnected: connection reset by peer");
        store.AppendRaw("bmc1", T0.AddSeconds(3), "after\r\n"u8);
        sent.AddRange("after\r\n"u8.ToArray());
        await store.FlushAsync();

        var segments = store.ReadRaw("bmc1").ToList();

        Assert.Equal(sent, Bytes(segments));
        Assert.Equal(sent, await File.ReadAllBytesAsync(Path.Combine(ConsoleDirectory(), "current.raw")));
        var gap = Assert.Single(segments, s => s.Gap is not null);
        Assert.Equal(new RawSegment(T0.AddSeconds(2), [], "disconnected: connection reset by peer"), gap with { Bytes = [] });
        Assert.Equal(5 * Chunk(0).Length, segments.TakeWhile(s => s.Gap is null).Sum(s => s.Bytes.Length));
        // The gap also stays a gap line in the line transcript; the raw stream adds no lines.
        Assert.Equal([new TranscriptLine(T0.AddSeconds(2), "disconnected: connection reset by peer") { IsGap = true }], store.Read("bmc1"));
        Assert.Equal(sent.Count, store.Health("bmc1").RawBytesWritten);
        Assert.Equal(0, store.Health("bmc1").RawBytesLost);
    }

    [Fact]
    public async Task The_index_marks_receive_times_at_most_a_second_apart_in_a_readable_format()
    {
        await using (var store = new TranscriptStore(Options))
        {
            store.AppendRaw("bmc1", T0, "abc"u8);
            store.AppendRaw("bmc1", T0.AddMilliseconds(500), "def"u8); // within the first mark's second: no mark
            store.AppendRaw("bmc1", T0.AddMilliseconds(1200), "gh"u8);
            store.AppendGap("bmc1", T0.AddSeconds(5), "reconnected after 4.2 s");
        }

        Assert.Equal(
            "2026-11-26T07:53:01.0000000Z @0\n" +
            "2026-11-26T07:53:02.2000000Z @6\n" +
            "2026-11-26T07:53:06.0000000Z @8 ! reconnected after 4.2 s\n",
            await File.ReadAllTextAsync(Path.Combine(ConsoleDirectory(), "current.raw.idx")));
        Assert.Equal("abcdefgh", await File.ReadAllTextAsync(Path.Combine(ConsoleDirectory(), "current.raw")));
    }

    [Fact]
    public async Task A_console_without_raw_bytes_gets_no_raw_files_and_its_gaps_only_go_to_the_line_transcript()
    {
        await using (var store = new TranscriptStore(Options))
        {
            store.Append("lines-only", T0, "a line");
            store.AppendGap("lines-only", T0.AddSeconds(1), "disconnected");
        }

        Assert.Equal(["current.log"], Directory.GetFiles(ConsoleDirectory("lines-only")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Reading_since_and_until_a_time_cuts_at_the_marks_to_within_a_second()
    {
        await using var store = new TranscriptStore(Options with { MaxFileBytes = 100 });
        for (var i = 0; i < 60; i++)
        {
            store.AppendRaw("bmc1", T0.AddSeconds(i), System.Text.Encoding.ASCII.GetBytes($"second {i:D2}\n"));
        }

        await store.FlushAsync();

        Assert.Equal(
            string.Concat(Enumerable.Range(20, 11).Select(i => $"second {i:D2}\n")),
            System.Text.Encoding.ASCII.GetString(Bytes(store.ReadRaw("bmc1", T0.AddSeconds(20), T0.AddSeconds(30)))));
        // A time inside a mark's second includes that mark's bytes: nothing received at or after `since` is left out.
        Assert.StartsWith("second 20\n", System.Text.Encoding.ASCII.GetString(Bytes(store.ReadRaw("bmc1", T0.AddSeconds(20.5)))), StringComparison.Ordinal);
        Assert.Empty(Bytes(store.ReadRaw("bmc1", since: T0.AddSeconds(61))));
        Assert.Empty(store.ReadRaw("never-seen"));
    }

    [Fact]
    public async Task A_raw_file_growing_past_the_size_bound_is_rotated_with_its_index_gzipped_and_reads_back_whole()
    {
        await using var store = new TranscriptStore(Options with { MaxFileBytes = 2000 });
        var sent = new List<byte>();
        for (var i = 0; i < 400; i++)
        {
            store.AppendRaw("bmc1", T0.AddMilliseconds(100 * i), Chunk(i));
            sent.AddRange(Chunk(i));
            if (i % 7 == 0)
            {
                await store.FlushAsync(); // several batches, so rotation happens across and within batches
            }
        }

        await store.FlushAsync();

        var parts = Directory.GetFiles(ConsoleDirectory(), "*.raw.gz");
        Assert.True(parts.Length >= 3, $"{parts.Length} parts");
        Assert.Equal(parts.Length, Directory.GetFiles(ConsoleDirectory(), "*.raw.idx.gz").Length);
        Assert.Empty(Directory.GetFiles(ConsoleDirectory(), "2*.raw"));
        var concatenated = new List<byte>();
        foreach (var part in parts.Order(StringComparer.Ordinal))
        {
            await using var gzip = new GZipStream(File.OpenRead(part), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain);
            Assert.True(plain.Length <= 2000, $"{part} holds {plain.Length} bytes");
            concatenated.AddRange(plain.ToArray());
        }

        concatenated.AddRange(await File.ReadAllBytesAsync(Path.Combine(ConsoleDirectory(), "current.raw")));
        Assert.Equal(sent, concatenated); // zcat *.raw.gz; cat current.raw gives the console's bytes
        Assert.Equal(sent, Bytes(store.ReadRaw("bmc1")));
    }

    [Fact]
    public async Task Raw_parts_that_ended_before_the_retention_period_are_deleted_with_their_index()
    {
        var clock = new FakeClock(T0.AddDays(10));
        await using var store = new TranscriptStore(Options with
        {
            MaxFileAge = TimeSpan.FromHours(1), Retention = TimeSpan.FromDays(2), Clock = clock,
        });
        store.AppendRaw("bmc1", T0, "part A, ends at +2h\n"u8);
        store.AppendRaw("bmc1", T0.AddHours(2), "part B, ends at +4h\n"u8);
        store.AppendRaw("bmc1", T0.AddHours(4), "part C, ends at +9d\n"u8);
        store.AppendRaw("bmc1", T0.AddDays(9), "current\n"u8);
        await store.FlushAsync();

        Assert.Equal("part C, ends at +9d\ncurrent\n", System.Text.Encoding.ASCII.GetString(Bytes(store.ReadRaw("bmc1"))));
        Assert.Equal(
            ["20261126T115301Z.raw.gz", "20261126T115301Z.raw.idx.gz"],
            Directory.GetFiles(ConsoleDirectory(), "*.gz").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Raw_files_are_0600()
    {
        await using (var store = new TranscriptStore(Options with { MaxFileBytes = 100 }))
        {
            for (var i = 0; i < 20; i++)
            {
                store.AppendRaw("bmc1", T0.AddSeconds(i), Chunk(i));
            }
        }

        var files = Directory.GetFiles(ConsoleDirectory());
        Assert.Contains(files, f => f.EndsWith(".raw.gz", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("current.raw.idx", StringComparison.Ordinal));
        Assert.All(files, f => Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(f)));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(ConsoleDirectory()));
    }

    [Fact]
    public async Task After_a_restart_the_raw_stream_continues_in_the_same_file_behind_a_restart_gap()
    {
        await using (var store = new TranscriptStore(Options))
        {
            store.AppendRaw("bmc1", T0, "before restart\r\n"u8);
        }

        await using (var store = new TranscriptStore(Options))
        {
            store.AppendRaw("bmc1", T0.AddMinutes(1), "after restart\r\n"u8);
            await store.FlushAsync();

            var segments = store.ReadRaw("bmc1").ToList();
            Assert.Equal("before restart\r\nafter restart\r\n", System.Text.Encoding.ASCII.GetString(Bytes(segments)));
            Assert.Equal(
                ["B:before restart\r\n", "G:capture restarted: output sent while solwatch was not capturing is missing", "B:after restart\r\n"],
                segments.Select(s => s.Gap is null ? "B:" + System.Text.Encoding.ASCII.GetString(s.Bytes) : "G:" + s.Gap));
        }
    }

    [Fact]
    public async Task Index_records_past_the_end_of_the_raw_file_after_a_crash_are_dropped_before_writing_on()
    {
        await using (var store = new TranscriptStore(Options))
        {
            store.AppendRaw("bmc1", T0, "kept"u8);
        }

        // kill -9 between the index write and the bytes' write: a mark for bytes that never arrived, and a torn record.
        var index = Path.Combine(ConsoleDirectory(), "current.raw.idx");
        await File.AppendAllTextAsync(index, "2026-11-26T07:53:05.0000000Z @4\n2026-11-26T07:53:06.0000000Z @9\n2026-11-26T07:5");

        await using (var store = new TranscriptStore(Options))
        {
            store.AppendRaw("bmc1", T0.AddSeconds(10), "new"u8);
            await store.FlushAsync();

            var segments = store.ReadRaw("bmc1").ToList();
            Assert.Equal(
                [(T0, "kept", (string?)null), (T0.AddSeconds(10), "", "capture restarted: output sent while solwatch was not capturing is missing"), (T0.AddSeconds(10), "new", null)],
                segments.Select(s => ((DateTimeOffset)s.ReceivedAt!, System.Text.Encoding.ASCII.GetString(s.Bytes), s.Gap)));
        }
    }
}
