using System.Text;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reading;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Reading;

/// <summary>
/// Consoles no kernel prints but a broken or hostile peer can send: what the reader keeps stays bounded, so neither the
/// daemon's memory nor the work per line grows with them.
/// </summary>
public sealed class HostileConsoleReadingTests
{
    [Fact]
    public void A_panic_line_printed_over_and_over_keeps_the_attempts_timeline_short_and_free_of_repeats()
    {
        var console = new StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            console.Append(FormattableString.Invariant($"[ {i,6}.000000] Kernel panic - not syncing: loop {i % 7}\n"));
            if (i % 100 == 0)
            {
                console.Append(FormattableString.Invariant($"[ {i,6}.000001] Starting crashdump kernel...\n"));
            }
        }

        List<ConsoleReading> readings = ReaderHarness.Read(console.ToString());

        KdumpFinding[] stories = [.. readings.Select(r => r switch
        {
            ReportRead { Report.Kdump: { } k } => k,
            KdumpStoryChanged changed => changed.Kdump,
            _ => null,
        }).OfType<KdumpFinding>()];
        Assert.NotEmpty(stories);
        Assert.All(stories, s => Assert.InRange(s.Timeline.Count, 1, KdumpTimeline.MaxSteps));
        Assert.All(stories, s => Assert.DoesNotContain(s.Timeline.Zip(s.Timeline.Skip(1)), p => p.First.Event == p.Second.Event));
        Assert.Equal("panic", stories[^1].Timeline[0].Event);
    }

    [Fact]
    public void Reports_of_panic_text_sent_without_a_newline_are_given_out_before_the_end_once_their_text_passes_the_bound()
    {
        // One "line" of 24 million characters: the framer cuts it every 4,096, the detector makes reports of 1,000 such
        // lines (4 MB each), and each panic's story stays open, so every report would wait for the end of input.
        string console = string.Concat(Enumerable.Repeat("Kernel panic - not syncing: x ", 800_000));
        var given = new List<CrashReport>();
        var inOrder = new ReportsInOrder(given.Add);

        inOrder.Add(ReaderHarness.Read(console, complete: false));
        int beforeTheEnd = given.Count;
        inOrder.Complete();

        Assert.True(given.Count >= 5, $"{given.Count} reports");
        Assert.InRange(given.Count - beforeTheEnd, 1, (int)(ReportsInOrder.MaxWaitingText / given[0].TextLength) + 1);
    }
}
