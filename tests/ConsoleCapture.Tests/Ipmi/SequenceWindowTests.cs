using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

public sealed class SequenceWindowTests
{
    [Fact]
    public void A_replayed_sequence_number_is_rejected()
    {
        var w = new SequenceWindow();
        Assert.True(w.Accept(1));
        Assert.True(w.Accept(2));
        Assert.False(w.Accept(2));
        Assert.False(w.Accept(1));
    }

    [Fact]
    public void Zero_is_never_accepted()
    {
        Assert.False(new SequenceWindow().Accept(0));
    }

    [Fact]
    public void A_late_packet_inside_the_window_is_accepted_once()
    {
        var w = new SequenceWindow();
        Assert.True(w.Accept(10));
        Assert.True(w.Accept(13));
        Assert.True(w.Accept(11));
        Assert.False(w.Accept(11));
        Assert.True(w.Accept(12));
        Assert.False(w.Accept(10));
    }

    [Fact]
    public void Packets_too_far_ahead_or_behind_are_rejected()
    {
        var w = new SequenceWindow();
        Assert.True(w.Accept(100));
        Assert.False(w.Accept(100 + SequenceWindow.Ahead + 1));
        Assert.True(w.Accept(100 + SequenceWindow.Ahead));
        Assert.False(w.Accept(100 + SequenceWindow.Ahead - SequenceWindow.Behind - 1));
    }

    [Fact]
    public void The_window_follows_the_sequence_across_the_32_bit_wrap()
    {
        var w = new SequenceWindow();
        Assert.True(w.Accept(uint.MaxValue - 1));
        Assert.True(w.Accept(uint.MaxValue));
        Assert.True(w.Accept(1));
        Assert.False(w.Accept(uint.MaxValue));
    }
}
