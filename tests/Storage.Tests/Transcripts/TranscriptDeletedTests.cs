using System.Collections.Concurrent;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Transcripts;

/// <summary>
/// A transcript directory deleted under the running writer (an operator's <c>rm -rf</c>, a cleanup job): the writer
/// must notice, recreate the files, mark the gap and say so in health, not go on writing into unlinked files.
/// </summary>
public sealed class TranscriptDeletedTests : IDisposable
{
    private static readonly DateTimeOffset T0 = Reports.T0;
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _problems = new();

    public void Dispose() => _dir.Dispose();

    private string Root => _dir.File("transcripts");

    private TranscriptOptions Options => new()
    {
        Directory = Root,
        FileCheckInterval = TimeSpan.FromMilliseconds(100),
        OnProblem = _problems.Enqueue,
    };

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 20 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_console_directory_deleted_while_writing_is_recreated_with_a_gap_and_health_reports_it()
    {
        await using var store = new TranscriptStore(Options);
        for (var i = 0; i < 3; i++)
        {
            store.Append("bmc1", T0.AddSeconds(i), $"before {i}");
        }

        await store.FlushAsync();
        await Task.Delay(400); // the timer has checked the files since: these lines are safe on disk
        Assert.False(store.Health().Disrupted);

        Directory.Delete(Path.Combine(Root, "bmc1"), recursive: true);
        store.Append("bmc1", T0.AddSeconds(10), "during");
        await store.FlushAsync();
        // Noticed by the writer's timer, with no further line to write.
        await WaitUntilAsync(() => store.Health("bmc1").Disrupted, "health reporting the deleted transcript");
        store.Append("bmc1", T0.AddSeconds(20), "after");
        await store.FlushAsync();

        var lines = store.Read("bmc1").ToList();
        var gap = Assert.Single(lines, l => l.IsGap);
        Assert.Contains("transcript deleted while capturing", gap.Text, StringComparison.Ordinal);
        Assert.Equal("after", lines[^1].Text);
        Assert.True(lines.IndexOf(gap) < lines.FindIndex(l => l.Text == "after"));
        // "during" went into the deleted file (then it is counted lost, in the gap) or came after the check.
        var health = store.Health("bmc1");
        var during = lines.Any(l => l.Text == "during");
        Assert.Equal(during ? 0 : 1, health.Lost);
        Assert.StartsWith(during ? "0 line(s) lost" : "1 line(s) lost", gap.Text, StringComparison.Ordinal);
        Assert.Equal(1, health.Recreated);
        Assert.NotNull(health.LastRecreatedAt);
        Assert.Contains("was deleted or replaced", health.LastError, StringComparison.Ordinal);
        Assert.True(store.Health().Disrupted);
        Assert.Single(_problems); // logged once per event, not per check or line
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.Combine(Root, "bmc1")));
    }

    [Fact]
    public async Task The_whole_transcripts_root_deleted_recreates_every_console_and_the_raw_transcript_with_gaps()
    {
        await using var store = new TranscriptStore(Options);
        store.Append("bmc1", T0, "bmc1 before");
        store.AppendRaw("bmc1", T0, "raw before\r\n"u8);
        store.Append("bmc2", T0, "bmc2 before");
        await store.FlushAsync();

        Directory.Delete(Root, recursive: true);
        await WaitUntilAsync(() => store.Health().Recreated == 2, "both consoles recreated");
        store.Append("bmc1", T0.AddSeconds(5), "bmc1 after");
        store.AppendRaw("bmc1", T0.AddSeconds(5), "raw after\r\n"u8);
        store.Append("bmc2", T0.AddSeconds(5), "bmc2 after");
        await store.FlushAsync();

        foreach (var console in new[] { "bmc1", "bmc2" })
        {
            var lines = store.Read(console).ToList();
            Assert.True(lines[0].IsGap, $"{console}: {lines[0].Text}");
            Assert.Equal($"{console} after", lines[^1].Text);
        }

        var raw = store.ReadRaw("bmc1").ToList();
        Assert.Contains(raw, s => s.Gap?.Contains("transcript deleted while capturing", StringComparison.Ordinal) == true);
        Assert.Equal("raw after\r\n"u8.ToArray(), raw.Where(s => s.Gap is null).SelectMany(s => s.Bytes));
        Assert.True(store.Health().Disrupted);
        Assert.Equal(2, _problems.Count);
    }

    [Fact]
    public async Task A_deletion_is_noticed_at_rotation_even_before_the_timer()
    {
        await using var store = new TranscriptStore(Options with { MaxFileBytes = 4096, FileCheckInterval = TimeSpan.FromHours(1) });
        store.Append("bmc1", T0, "first");
        await store.FlushAsync();
        store.Append("bmc1", T0, "second"); // the first check after opening: all is well
        await store.FlushAsync();

        Directory.Delete(Path.Combine(Root, "bmc1"), recursive: true);
        var text = new string('x', 90);
        for (var i = 0; i < 100; i++)
        {
            store.Append("bmc1", T0.AddSeconds(1), $"{i:D3} {text}");
        }

        await store.FlushAsync();

        var lines = store.Read("bmc1").ToList();
        Assert.True(lines[0].IsGap, lines[0].Text);
        var kept = lines.Count(l => !l.IsGap);
        Assert.InRange(kept, 1, 99);
        // Lost: those written into the deleted file before the rotation noticed, and "second" (written after the last check).
        Assert.Equal(101, kept + store.Health("bmc1").Lost);
        Assert.Equal("099 " + text, lines[^1].Text);
        Assert.True(store.Health("bmc1").Disrupted);
    }

    [Fact]
    public async Task Nothing_is_reported_while_the_files_stay_where_they_are()
    {
        await using var store = new TranscriptStore(Options with { MaxFileBytes = 4096 });
        for (var i = 0; i < 200; i++)
        {
            store.Append("bmc1", T0.AddSeconds(i), $"line {i} {new string('y', 60)}");
            store.AppendRaw("bmc1", T0.AddSeconds(i), "bytes\n"u8);
            if (i % 20 == 0)
            {
                await store.FlushAsync();
                await Task.Delay(60);
            }
        }

        await store.FlushAsync();

        Assert.Equal(200, store.Read("bmc1").Count(l => !l.IsGap));
        Assert.Equal(0, store.Health().Recreated);
        Assert.False(store.Health().Disrupted);
        Assert.Empty(_problems);
    }
}
