using System.Globalization;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>
/// Consoles that repeat one thing without end (a loop in the kernel, a broken or hostile peer): what the detector holds
/// for one report stays within its bounds, whichever way the lines reach the report.
/// </summary>
public sealed class HostileConsoleDetectionTests
{
    private static List<CrashReport> PushAll(CrashDetector detector, IEnumerable<string> lines, List<CrashReport>? beforeTheEnd = null)
    {
        var all = new List<CrashReport>();
        foreach (string line in lines)
        {
            all.AddRange(detector.Push(line));
        }
        beforeTheEnd?.AddRange(all);
        all.AddRange(detector.Complete());
        return all;
    }

    private static int LineCount(CrashReport r) => r.Text.Split('\n').Length;

    [Theory]
    // net/core/dev.c netdev_wait_allrefs(): every 10 s until the last reference goes, which can be never.
    [InlineData("unregister_netdevice: waiting for lo to become free. Usage count = 1")]
    // A panic loop (a hostile or broken peer replaying the console, panic() re-entered).
    [InlineData("Kernel panic - not syncing: Fatal exception")]
    public void A_header_that_joins_its_open_report_printed_without_end_never_grows_a_report_past_its_line_bound(string header)
    {
        var options = new DetectorOptions { MaxReportLines = 100 };
        var beforeTheEnd = new List<CrashReport>();

        List<CrashReport> reports = PushAll(new CrashDetector(options), Enumerable.Range(0, 5_000).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"[{i * 10,6}.000000] {header}")), beforeTheEnd);

        Assert.NotEmpty(beforeTheEnd);
        Assert.All(reports, r => Assert.InRange(LineCount(r), 1, options.MaxReportLines));
        Assert.All(reports, r => Assert.InRange(r.EndLine - r.StartLine + 1, 1, options.MaxReportLines));
    }

    [Fact]
    public void Reports_completed_behind_a_context_that_never_finishes_are_given_out_before_the_end_of_input()
    {
        // CONFIG_PRINTK_CALLER: task 1's lockup report gets a frame every 21 lines (never quiet for QuietLines, under
        // MaxReportLines in all) while 50 other tasks print 2,000 complete warnings.
        var lines = new List<string> { "[    1.000000][     T1] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [k:1]", "[    1.000000][     T1] Call Trace:" };
        for (int i = 0; i < 2_000; i++)
        {
            string at = string.Create(CultureInfo.InvariantCulture, $"[    1.{i:D6}][    T{2 + (i % 50)}] ");
            lines.Add(at + "------------[ cut here ]------------");
            lines.Add(at + string.Create(CultureInfo.InvariantCulture, $"WARNING: CPU: 0 PID: {2 + (i % 50)} at fs/a.c:1 f+0x1/0x2"));
            lines.Add(at + "Call Trace:");
            lines.Add(at + " g+0x1/0x2");
            lines.Add(at + "---[ end trace 0000000000000000 ]---");
            if (i % 4 == 0)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"[    1.{i:D6}][     T1]  frame_{i}+0x1/0x2"));
            }
        }
        var beforeTheEnd = new List<CrashReport>();

        List<CrashReport> reports = PushAll(new CrashDetector(), lines, beforeTheEnd);

        Assert.Equal(2_001, reports.Count);
        Assert.InRange(reports.Count - beforeTheEnd.Count, 0, CrashDetector.MaxHeldBack + 1);
        Assert.Equal(reports.Select(r => r.StartLine).Order(), reports.Select(r => r.StartLine));
    }

    [Fact]
    public void A_console_naming_thousands_of_tasks_each_opening_a_report_never_holds_more_than_the_open_report_bound()
    {
        // CONFIG_PRINTK_CALLER: 2,000 distinct tasks each print a warning header, then a frame each, interleaved.
        var detector = new CrashDetector();
        var reports = new List<CrashReport>();
        int mostOpen = 0;
        for (int i = 0; i < 2_000; i++)
        {
            reports.AddRange(detector.Push(string.Create(CultureInfo.InvariantCulture,
                $"[    1.{i:D6}][ T{100 + i}] WARNING: CPU: 0 PID: {100 + i} at fs/a.c:1 f+0x1/0x2")));
            mostOpen = Math.Max(mostOpen, detector.OpenReportCount);
        }
        for (int i = 0; i < 2_000; i++)
        {
            reports.AddRange(detector.Push(string.Create(CultureInfo.InvariantCulture, $"[    2.{i:D6}][ T{100 + i}]  g+0x1/0x2")));
            mostOpen = Math.Max(mostOpen, detector.OpenReportCount);
        }
        reports.AddRange(detector.Complete());

        Assert.InRange(mostOpen, 1, CrashDetector.MaxOpenReports);
        Assert.Equal(0, detector.OpenReportCount);
        Assert.Equal(reports.Select(r => r.StartLine).Order(), reports.Select(r => r.StartLine));
    }

    [Theory]
    // A stray CR (or a cut) right after a family's marker leaves its header shorter than the rule's lead.
    [InlineData("BUG: ")]
    [InlineData("BUG: KASan:")]
    [InlineData("UBSAN:")]
    [InlineData("UBSAN: ")]
    public void A_header_cut_off_right_after_its_marker_is_read_without_an_exception(string cut)
    {
        var detector = new CrashDetector();

        Exception? thrown = Record.Exception(() => PushAll(detector, [$"[    1.000000] {cut}", cut, "[    1.000001] Call Trace:"]));

        Assert.Null(thrown);
        Assert.False(detector.InReport);
    }
}
