using SolWatch.Parsers.Reading;

namespace SolWatch.Parsers.Tests.Reading;

public class CaptureLinesTests
{
    [Fact]
    public void A_short_story_keeps_every_line_in_order()
    {
        CaptureLines lines = Fill(100);
        Assert.Equal(Enumerable.Range(1, 100).Select(n => (long)n), lines.Snapshot().Select(l => l.Number));
    }

    [Fact]
    public void A_story_as_long_as_head_and_tail_keeps_every_line_and_notes_nothing_left_out()
    {
        int all = CaptureLines.HeadLines + CaptureLines.TailLines;
        IReadOnlyList<ConsoleLine> kept = Fill(all).Snapshot();
        Assert.Equal(Enumerable.Range(1, all).Select(n => (long)n), kept.Select(l => l.Number));
        Assert.DoesNotContain(kept, l => l.Text.Contains("left out", StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_story_keeps_its_head_and_its_latest_lines_and_says_how_many_were_left_out_between()
    {
        const int all = 10_000;
        IReadOnlyList<ConsoleLine> kept = Fill(all).Snapshot();
        Assert.Equal(CaptureLines.HeadLines + 1 + CaptureLines.TailLines, kept.Count);
        Assert.Equal(Enumerable.Range(1, CaptureLines.HeadLines).Select(n => (long)n), kept.Take(CaptureLines.HeadLines).Select(l => l.Number));
        Assert.Equal(
            Enumerable.Range(all - CaptureLines.TailLines + 1, CaptureLines.TailLines).Select(n => (long)n),
            kept.Skip(CaptureLines.HeadLines + 1).Select(l => l.Number));
        ConsoleLine note = kept[CaptureLines.HeadLines];
        Assert.Equal($"[solwatch: {all - CaptureLines.HeadLines - CaptureLines.TailLines} lines left out here]", note.Text);
        Assert.Equal(all - CaptureLines.TailLines, note.Number);
    }

    [Fact]
    public void Counts_every_line_added_kept_or_not()
    {
        Assert.Equal(5000, Fill(5000).Count);
    }

    private static CaptureLines Fill(int count)
    {
        var lines = new CaptureLines();
        for (int n = 1; n <= count; n++)
        {
            lines.Add(new ConsoleLine(n, DateTimeOffset.UnixEpoch.AddSeconds(n), $"line {n}"));
        }
        return lines;
    }
}
