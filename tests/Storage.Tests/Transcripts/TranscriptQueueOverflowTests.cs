using System.Diagnostics;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Transcripts;

public sealed class TranscriptQueueOverflowTests
{
    private static readonly DateTimeOffset T0 = Reports.T0;

    // The store's periodic file check goes through the same bounded queue: on a loaded machine (a CI run beside other
    // builds) it fired between a flush and the lines that fill the queue exactly, took a slot, and the last line was
    // lost. These tests count the queue's slots, so the check never runs during them.
    private static readonly TimeSpan NoFileCheck = TimeSpan.FromHours(1);

    [Fact]
    public async Task Lines_that_do_not_fit_the_queue_are_counted_and_a_gap_line_marks_where_they_were_lost()
    {
        using var dir = new TempDirectory();
        (string root, string fifo) = await StuckConsole(dir);
        var store = new TranscriptStore(new TranscriptOptions { Directory = root, QueueCapacity = 4, FileCheckInterval = NoFileCheck });
        try
        {
            await Overflow(store, fifo);
        }
        finally
        {
            await ReleaseAndDispose(store, fifo);
        }
    }

    // A named pipe where "stuck"'s current.log belongs: opening it for writing blocks until a reader comes, which
    // stalls the one writer for real while capture goes on.
    private static async Task<(string Root, string Fifo)> StuckConsole(TempDirectory dir)
    {
        var root = dir.File("transcripts");
        Directory.CreateDirectory(Path.Combine(root, "stuck"));
        var fifo = Path.Combine(root, "stuck", "current.log");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        return (root, fifo);
    }

    // Whatever failed, release the writer if it still hangs on the pipe, or disposing would wait forever. Opening a
    // FIFO read-write never blocks on Linux, and counts as the reader the writer waits for.
    private static async Task ReleaseAndDispose(TranscriptStore store, string fifo)
    {
        using var release = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite);
        await store.DisposeAsync();
    }

    private static async Task Overflow(TranscriptStore store, string fifo)
    {
        store.Append("stuck", T0, "blocks the writer");
        await WaitUntil(() => store.Health().Queued == 0); // the writer took it and hangs in open(2)

        for (var i = 0; i < 10; i++)
        {
            store.Append("bmc1", T0.AddSeconds(i), $"line {i}"); // never blocks
        }

        var overflowing = store.Health("bmc1");
        Assert.Equal(6, overflowing.Lost);
        Assert.Equal(4, overflowing.Queued);
        Assert.Contains("queue is full", overflowing.LastError, StringComparison.Ordinal);

        store.Append("bmc1", T0.AddSeconds(20), "still lost: the queue is still full");
        using (var unblock = new FileStream(fifo, FileMode.Open, FileAccess.Read))
        {
            await store.FlushAsync(); // the writer is free again and drains the queue
        }

        store.Append("bmc1", T0.AddSeconds(30), "");

        for (var i = 0; i < 3; i++)
        {
            store.Append("bmc1", T0.AddSeconds(40 + i), $"after {i}");
        }

        await store.FlushAsync();

        var lines = store.Read("bmc1").Select(l => l.IsGap ? $"GAP {l.Text}" : l.Text).ToList();
        Assert.Equal(
        [
            "line 0", "line 1", "line 2", "line 3",
            "GAP 7 line(s) lost: transcript queue full",
            "", "after 0", "after 1", "after 2",
        ], lines);
        Assert.Equal(7, store.Health("bmc1").Lost);
    }

    [Fact]
    public async Task Raw_bytes_that_do_not_fit_the_queue_are_counted_and_a_gap_marks_where_they_were_lost()
    {
        using var dir = new TempDirectory();
        (string root, string fifo) = await StuckConsole(dir);
        var store = new TranscriptStore(new TranscriptOptions { Directory = root, RawQueueBytes = 12, FileCheckInterval = NoFileCheck });
        try
        {
            store.Append("stuck", T0, "blocks the writer");
            await WaitUntil(() => store.Health().Queued == 0);

            store.AppendRaw("bmc1", T0, "12345"u8);
            store.AppendRaw("bmc1", T0.AddSeconds(1), "67890"u8);
            store.AppendRaw("bmc1", T0.AddSeconds(2), "lost"u8); // 14 bytes would be waiting: over the bound
            store.AppendRaw("bmc1", T0.AddSeconds(3), "lost too"u8);
            Assert.Equal(12, store.Health("bmc1").RawBytesLost);
            Assert.Contains("queue is full", store.Health("bmc1").LastError, StringComparison.Ordinal);

            using (var unblock = new FileStream(fifo, FileMode.Open, FileAccess.Read))
            {
                await store.FlushAsync();
            }

            store.AppendRaw("bmc1", T0.AddSeconds(4), "AB"u8);
            await store.FlushAsync();

            Assert.Equal(
                ["12345", "67890", "GAP 12 byte(s) lost: transcript queue full", "AB"],
                store.ReadRaw("bmc1").Select(s => s.Gap is null ? System.Text.Encoding.ASCII.GetString(s.Bytes) : "GAP " + s.Gap));
            Assert.Equal(12, store.Health("bmc1").RawBytesWritten);
        }
        finally
        {
            await ReleaseAndDispose(store, fifo);
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
