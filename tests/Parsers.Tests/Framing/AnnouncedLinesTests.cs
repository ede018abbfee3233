using SolWatch.Parsers.Framing;

namespace SolWatch.Parsers.Tests.Framing;

public class AnnouncedLinesTests
{
    [Fact]
    public void The_lines_announced_are_answered_in_order_with_their_flags()
    {
        (AnnouncedLines announced, FramedBatch batch) = Announce("a", "b", "c");
        Assert.True(announced.TryTake(batch[0], out bool first));
        Assert.False(first);
        Assert.True(announced.TryTake(batch[1], out bool second));
        Assert.True(second);
        Assert.True(announced.TryTake(batch[2], out bool third));
        Assert.False(third);
        Assert.False(announced.TryTake("d", out _));
    }

    [Fact]
    public void An_equal_string_that_is_not_the_one_announced_is_not_answered_and_the_batch_is_forgotten()
    {
        (AnnouncedLines announced, FramedBatch batch) = Announce("a", "b", "c");
        Assert.False(announced.TryTake(new string('a', 1), out _));
        Assert.False(announced.TryTake(batch[1], out _));
    }

    [Fact]
    public void A_line_skipped_by_the_caller_makes_every_later_line_unanswered()
    {
        (AnnouncedLines announced, FramedBatch batch) = Announce("a", "b", "c");
        Assert.False(announced.TryTake(batch[1], out _));
        Assert.False(announced.TryTake(batch[2], out _));
    }

    // Announces the lines, flagging the second.
    private static (AnnouncedLines, FramedBatch) Announce(params string[] lines)
    {
        var batch = new FramedBatch();
        foreach (string line in lines)
        {
            batch.Add(line);
        }
        var announced = new AnnouncedLines();
        announced.Announce(batch)[1] = true;
        return (announced, batch);
    }
}
