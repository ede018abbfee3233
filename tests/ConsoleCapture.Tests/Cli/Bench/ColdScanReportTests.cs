using SolWatch.ConsoleCapture.Cli.Bench;

namespace SolWatch.ConsoleCapture.Tests.Cli.Bench;

public sealed class ColdScanReportTests
{
    private const long HundredMb = 100L << 20;

    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_run_and_of_an_even_count_the_mean_of_the_middle_two()
    {
        ColdTimes odd = ColdTimes.Median([new(3, 30), new(1, 10), new(2, 25)]);
        ColdTimes even = ColdTimes.Median([new(4, 1), new(1, 2), new(2, 3), new(3, 4)]);

        Assert.Equal(new ColdTimes(2, 25), odd);
        Assert.Equal(new ColdTimes(2.5, 2.5), even);
    }

    [Fact]
    public void Throughput_is_the_input_over_the_scan_time_less_the_start_up()
    {
        ColdScanReport report = Report(new ColdScanRow("a.log", HundredMb, new(1.1, 0.58), new(0.1, 0.05), 2048));

        Assert.Equal(100.0, report.ScanMbPerSecond(report.Rows[0], cpu: false)!.Value, 6);
        Assert.Equal(200.0, report.ScanMbPerSecond(report.Rows[0], cpu: true)!.Value, 6);
        Assert.Equal(1000.0, ColdScanReport.GrepMbPerSecond(report.Rows[0], cpu: false)!.Value, 6);
    }

    [Fact]
    public void The_table_gives_each_input_its_rates_and_its_ratio_to_grep_and_says_the_load_and_start_up()
    {
        ColdScanReport report = Report(new ColdScanRow("a-crash-corpus.log", HundredMb, new(1.1, 0.58), new(0.1, 0.05), 2048));
        using var table = new StringWriter();

        report.Print(table);

        string[] lines = table.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Contains("load 1.50 at the start, 2.25 at the end", lines[1], StringComparison.Ordinal);
        Assert.Equal("start-up (scan of an empty file): wall 0.100 s, CPU 0.080 s; subtracted from the scans below", lines[2]);
        Assert.Equal(["a-crash-corpus.log", "100", "1.100", "0.580", "100.0", "200.0", "0.100", "1000.0", "10.0x", "10.0x", "2"], lines[4].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void An_input_scanned_no_slower_than_an_empty_file_has_no_rate_rather_than_a_negative_one()
    {
        ColdScanReport report = Report(new ColdScanRow("tiny.log", 1024, new(0.09, 0.07), new(0.001, 0.001), 0));
        using var table = new StringWriter();

        report.Print(table);

        Assert.Null(report.ScanMbPerSecond(report.Rows[0], cpu: false));
        string[] row = table.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')[4].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(("-", "-", "-"), (row[4], row[5], row[8]));
    }

    private static ColdScanReport Report(ColdScanRow row) =>
        new("/opt/solwatch", 5, "1.50", "2.25", new ColdTimes(0.1, 0.08), [row]);
}
