using System.Globalization;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Transcripts;

public sealed class RawTranscriptDiskFullTests
{
    private static readonly DateTimeOffset T0 = Reports.T0;
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_full_disk_loses_and_counts_new_bytes_keeps_old_ones_and_writing_resumes_behind_a_gap()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 64);
        await using var store = new TranscriptStore(new TranscriptOptions
        {
            Directory = Path.Combine(tmpfs.Path, "transcripts"),
            RetryInitialDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        });
        var before = new List<byte>();
        for (var i = 0; i < 10; i++)
        {
            var chunk = System.Text.Encoding.ASCII.GetBytes($"before {i}\r\n");
            store.AppendRaw("bmc1", T0.AddSeconds(i), chunk);
            before.AddRange(chunk);
        }

        await store.FlushAsync();
        tmpfs.Fill();

        var during = 0L;
        for (var i = 0; i < 50; i++)
        {
            // Big chunks: even one does not fit in the last, partly used page. AppendRaw returns at once, never throws.
            var chunk = System.Text.Encoding.ASCII.GetBytes($"during {i} " + new string('x', 5000));
            store.AppendRaw("bmc1", T0.AddSeconds(100 + i), chunk);
            during += chunk.Length;
        }

        await store.FlushAsync();
        var full = store.Health("bmc1");
        Assert.True(full.Failing);
        Assert.Equal(during, full.RawBytesLost);
        Assert.Equal(before.Count, full.RawBytesWritten);
        Assert.Contains("disk is full", full.LastError, StringComparison.Ordinal);
        Assert.Contains("bmc1", full.LastError, StringComparison.Ordinal);
        Assert.Equal(before, store.ReadRaw("bmc1").SelectMany(s => s.Bytes));

        tmpfs.Free();
        using var timeout = new CancellationTokenSource(Generous);
        for (var i = 0; store.Health("bmc1").Failing; i++)
        {
            // Bytes sent while the writer still waits out its backoff are lost (and counted) too.
            store.AppendRaw("bmc1", T0.AddSeconds(200 + i), "after\r\n"u8);
            await store.FlushAsync(timeout.Token);
            await Task.Delay(20, timeout.Token);
        }

        store.AppendRaw("bmc1", T0.AddSeconds(300), "resumed\r\n"u8);
        await store.FlushAsync();

        var segments = store.ReadRaw("bmc1").ToList();
        var health = store.Health("bmc1");
        Assert.False(health.Failing);
        var bytes = segments.SelectMany(s => s.Bytes).ToArray();
        Assert.Equal(before, bytes.Take(before.Count));
        Assert.EndsWith("resumed\r\n", System.Text.Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("during", System.Text.Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        var gaps = segments.Where(s => s.Gap is not null).Select(s => s.Gap!).ToList();
        Assert.NotEmpty(gaps);
        Assert.All(gaps, g => Assert.Matches("^[0-9]+ byte\\(s\\) lost: disk full$", g));
        // Every lost byte is accounted for by the gaps, and every byte is either written or lost.
        Assert.Equal(health.RawBytesLost, gaps.Sum(g => long.Parse(g.Split(' ')[0], CultureInfo.InvariantCulture)));
        Assert.Equal(health.RawBytesWritten, bytes.Length);
    }
}
