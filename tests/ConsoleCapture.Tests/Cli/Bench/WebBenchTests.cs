using SolWatch.ConsoleCapture.Cli.Bench;

namespace SolWatch.ConsoleCapture.Tests.Cli.Bench;

public sealed class WebBenchTests
{
    [Fact]
    public async Task Twenty_consoles_under_a_short_panic_storm_give_a_full_report_with_no_stamped_line_lost()
    {
        var options = new WebBenchOptions
        {
            Consoles = 20,
            StormShare = 0.25,
            Watched = 3,
            Baseline = TimeSpan.FromSeconds(2),
            Storm = TimeSpan.FromSeconds(4),
        };
        using var progress = new StringWriter();

        WebBenchReport report = await WebBench.RunAsync(options, progress, CancellationToken.None);

        Assert.True(report.DaemonAlive, progress.ToString());
        Assert.Equal(5, report.CrashingConsoles); // every fourth console (3, 7, 11, 15, 19); the watched ones (0, 6, 13) never crash
        Assert.True(report.CrashesSent >= report.CrashingConsoles, $"{report.CrashesSent} panics from {report.CrashingConsoles} crashing consoles");
        Assert.Equal(0, report.CrashedWithoutIncident);
        Assert.True(report.IncidentsStored >= report.CrashesSent, $"{report.IncidentsStored} incidents for {report.CrashesSent} panics");
        Assert.True(report.StampedLines > 3 * 10, $"only {report.StampedLines} stamped lines sent");
        Assert.Equal(0, report.TailLinesLost);
        Assert.Equal(report.StampedLines, report.TailLag.Count);
        Assert.Equal(0, report.RowsBehind);
        Assert.NotEmpty(report.RowLag);
        foreach (string kind in new[] { "api /api/consoles", "web page /", "web /web/events list" })
        {
            foreach (string phase in new[] { "baseline", "storm" })
            {
                Assert.Contains(report.Samples, s => s.Kind == kind && s.Phase == phase && !s.Failed);
            }
        }
        Assert.Equal(0, report.FailedRequests);
        Assert.NotNull(report.StormListP99);
        using var table = new StringWriter();
        report.Print(table);
        string text = table.ToString();
        Assert.Contains("tail lag (ms), 3 consoles", text, StringComparison.Ordinal);
        Assert.Contains(", 0 lost", text, StringComparison.Ordinal);
        Assert.Matches(@"goal: first byte of the console list <= 200 ms at p99 during the storm: [0-9.]+ ms, (PASS|OVER)", text);
        Assert.Contains("reproduce: solwatch bench web --consoles 20 --storm-share 0.25 --watched 3", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("solwatch-bench stamp 123456 seq 7", 123456L, 7L)]
    [InlineData("[   12.5] solwatch-bench stamp 9 seq 10", 9L, 10L)]
    public void A_stamped_line_reads_back_as_its_time_and_sequence(string line, long timestamp, long seq)
    {
        Assert.Equal((timestamp, seq), WebBenchPeers.ReadStamp(line));
        Assert.Equal((timestamp, seq), WebBenchPeers.ReadStamp(WebBenchPeers.Stamp(timestamp, seq)));
    }

    [Theory]
    [InlineData("Kernel panic - not syncing: Fatal exception")]
    [InlineData("solwatch-bench stamp x seq 1")]
    [InlineData(null)]
    public void Other_lines_are_not_stamped(string? line) => Assert.Null(WebBenchPeers.ReadStamp(line));
}
