using SolWatch.ConsoleCapture.Pipeline;

namespace SolWatch.ConsoleCapture.Tests.Pipeline;

public sealed class ContextRingTests
{
    [Fact]
    public void The_ring_keeps_the_newest_lines_up_to_its_capacity_and_slices_by_line_number()
    {
        var ring = new ContextRing(capacity: 50);
        for (int i = 1; i <= 120; i++)
        {
            ring.Add(i, DateTimeOffset.UnixEpoch, $"l{i}");
        }
        Assert.Equal(50, ring.Count);
        Assert.Equal(["l71", "l72", "l73"], ring.Slice(60, 73).Select(l => l.Text));
    }

    [Fact]
    public void Trimming_keeps_the_newest_lines_and_adding_continues_after_them()
    {
        var ring = new ContextRing(capacity: 100);
        for (int i = 1; i <= 40; i++)
        {
            ring.Add(i, DateTimeOffset.UnixEpoch, $"l{i}");
        }
        ring.TrimTo(3);
        ring.Add(41, DateTimeOffset.UnixEpoch, "l41");
        Assert.Equal(["l38", "l39", "l40", "l41"], ring.Slice(1, 100).Select(l => l.Text));
    }
}
