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
}
