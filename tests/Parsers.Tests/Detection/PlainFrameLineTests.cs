using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Detection.Rules;
using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>
/// A plain frame line skips the header and fact searches; that is only right if no such line could start a report or
/// state a fact the searches would have found. Checked on the premise, on hand-picked shapes and on every real line.
/// </summary>
public class PlainFrameLineTests
{
    [Fact]
    public void Every_header_marker_holds_a_character_no_symbol_name_has()
    {
        string[] symbolOnly = [.. RuleCatalog.Markers.Where(m => m.All(FastScan.IsSymbolChar))];
        Assert.Empty(symbolOnly);
    }

    [Theory]
    [InlineData(" do_syscall_64+0x35/0x80")]
    [InlineData(" ? do_syscall_64+0x35/0x80 [ext4]")]
    [InlineData(" [<ffffffff81234567>] ? vfs_write+0x1a/0x30")]
    [InlineData("[c0000000eff4fb40] [c000000000123456] .func+0x1c/0x20 (unreliable)")]
    public void A_frame_and_nothing_else_is_plain_and_its_frame_is_the_one_finishing_would_read(string text)
    {
        Assert.True(PlainFrameLine.TryRead(text, out ParsedFrame frame, out _));
        Assert.True(ReportLineKinds.TryFrame(text, out ParsedFrame expected));
        Assert.Equal(expected, frame);
    }

    [Theory]
    [InlineData(" do_syscall_64+0x35/0x80 BUG: unable to handle page fault for address: 0000000000000000")]
    [InlineData(" do_syscall_64+0x35/0x80 ---[ end trace 0000000000000000 ]---")]
    [InlineData(" do_syscall_64+0x35/0x80 Kernel panic - not syncing: Fatal exception")]
    [InlineData(" __dump_stack lib/dump_stack.c:77 [inline]")]
    [InlineData("RIP: 0010:lab_null+0x5/0x20 [labcrash]")]
    public void A_frame_with_more_after_it_or_no_offset_is_left_to_the_full_reading(string text) =>
        Assert.False(PlainFrameLine.TryRead(text, out _, out _));

    [Fact]
    public void A_frame_naming_a_backtrace_function_mentions_a_trace_as_the_full_reading_says()
    {
        Assert.True(PlainFrameLine.TryRead(" dump_backtrace+0x0/0x1e0", out _, out LineFacts facts));
        Assert.Equal(LineFactsReader.Of(" dump_backtrace+0x0/0x1e0"), facts);
        Assert.Equal(LineFacts.MentionsTrace, facts);
    }

    [Fact]
    public void Every_real_plain_frame_line_has_no_header_and_the_facts_and_frame_of_the_full_reading()
    {
        var wrong = new List<string>();
        int plain = 0;
        foreach (string text in CorpusTexts.All)
        {
            if (!PlainFrameLine.TryRead(text, out ParsedFrame frame, out LineFacts facts))
            {
                continue;
            }
            plain++;
            var line = new KernelLine(text, text, null, true);
            bool header = HeaderRecognizer.MayBeHeader(text) && HeaderRecognizer.Recognize(line) is not null;
            bool sameFrame = ReportLineKinds.TryFrame(text, out ParsedFrame expected) && expected == frame;
            if (header || facts != LineFactsReader.Of(text) || !sameFrame)
            {
                wrong.Add(text);
            }
        }
        Assert.True(plain > 5_000, $"only {plain} plain frame lines");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong.Take(10)));
    }
}
