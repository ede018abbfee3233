using System.Globalization;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Transcripts;

public sealed class TranscriptDiskFullTests
{
    private static readonly DateTimeOffset T0 = Reports.T0;
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_full_disk_loses_and_counts_new_lines_keeps_old_ones_and_writing_resumes_with_a_gap_line()
    {
        using var tmpfs = new TinyTmpfs(kilobytes: 64);
        await using var store = new TranscriptStore(new TranscriptOptions
        {
            Directory = Path.Combine(tmpfs.Path, "transcripts"),
            RetryInitialDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        });
        for (var i = 0; i < 10; i++)
        {
            store.Append("bmc1", T0.AddSeconds(i), $"before {i}");
        }

        await store.FlushAsync();
        tmpfs.Fill();

        for (var i = 0; i < 50; i++)
        {
            // Long lines: even one does not fit in the last, partly used page of current.log. Append returns at
            // once and never throws.
            store.Append("bmc1", T0.AddSeconds(100 + i), $"during {i} " + new string('x', 5000));
        }

        await store.FlushAsync();
        var full = store.Health("bmc1");
        Assert.True(full.Failing);
        Assert.Equal(50, full.Lost);
        Assert.Equal(10, full.Written);
        Assert.Contains("disk is full", full.LastError, StringComparison.Ordinal);
        Assert.Contains("bmc1", full.LastError, StringComparison.Ordinal);
        Assert.True(store.Health().Failing);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"before {i}"), store.Read("bmc1").Select(l => l.Text));

        tmpfs.Free();
        using var timeout = new CancellationTokenSource(Generous);
        for (var i = 0; store.Health("bmc1").Failing; i++)
        {
            // Lines sent while the writer still waits out its backoff are lost (and counted) too.
            store.Append("bmc1", T0.AddSeconds(200 + i), $"after {i}");
            await store.FlushAsync(timeout.Token);
            await Task.Delay(20, timeout.Token);
        }

        store.Append("bmc1", T0.AddSeconds(300), "resumed");
        await store.FlushAsync();

        var lines = store.Read("bmc1").ToList();
        var health = store.Health("bmc1");
        Assert.False(health.Failing);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"before {i}"), lines.Take(10).Select(l => l.Text));
        Assert.Equal("resumed", lines[^1].Text);
        Assert.DoesNotContain(lines, l => l.Text.StartsWith("during", StringComparison.Ordinal));
        var gaps = lines.Where(l => l.IsGap).ToList();
        Assert.NotEmpty(gaps);
        Assert.All(gaps, g => Assert.Matches("^[0-9]+ line\\(s\\) lost: disk full$", g.Text));
        // Every lost line is accounted for by the gap lines.
        Assert.Equal(health.Lost, gaps.Sum(g => long.Parse(g.Text.Split(' ')[0], CultureInfo.InvariantCulture)));
        Assert.Equal(health.Written, lines.Count);
    }
}
