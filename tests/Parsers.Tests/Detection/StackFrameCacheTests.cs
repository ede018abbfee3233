using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Detection;

public class StackFrameCacheTests
{
    [Fact]
    public void The_same_frame_read_twice_is_one_shared_frame()
    {
        StackFrame first = StackFrameCache.Get(Frame("vfs_write", 0x235, 0x3f0, null, reliable: true));
        StackFrame second = StackFrameCache.Get(Frame("vfs_write", 0x235, 0x3f0, null, reliable: true));
        Assert.Same(first, second);
        Assert.Equal(new StackFrame("vfs_write", 0x235, 0x3f0, null, true), first);
    }

    [Fact]
    public void Frames_differing_in_any_field_stay_apart()
    {
        StackFrame plain = StackFrameCache.Get(Frame("lab_set", 0xe8, 0x354, null, reliable: true));
        Assert.Equal(new StackFrame("lab_set", 0xe8, 0x354, "labcrash", true), StackFrameCache.Get(Frame("lab_set", 0xe8, 0x354, "labcrash", reliable: true)));
        Assert.Equal(new StackFrame("lab_set", 0xe8, 0x354, null, false), StackFrameCache.Get(Frame("lab_set", 0xe8, 0x354, null, reliable: false)));
        Assert.Equal(new StackFrame("lab_set", 0xe9, 0x354, null, true), StackFrameCache.Get(Frame("lab_set", 0xe9, 0x354, null, reliable: true)));
        Assert.Equal(new StackFrame("lab_set", null, null, null, true), StackFrameCache.Get(Frame("lab_set", null, null, null, reliable: true)));
        Assert.Equal(new StackFrame("lab_set", 0xe8, 0x354, null, true), plain);
    }

    [Fact]
    public void Many_more_frames_than_the_cache_holds_still_come_back_as_read()
    {
        for (int i = 0; i < 40_000; i++)
        {
            var expected = new StackFrame($"f{i % 5000}", i, i + 1, null, i % 3 != 0);
            Assert.Equal(expected, StackFrameCache.Get(Frame(expected.Function, i, i + 1, null, expected.Reliable)));
        }
    }

    private static ParsedFrame Frame(string name, long? offset, long? size, string? module, bool reliable) =>
        new(new SymbolReference(name, offset, size, module), reliable);
}
