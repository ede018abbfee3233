using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Tests.Lines;

public class PrefixSecondsTests
{
    [Theory]
    [InlineData("[   12.345678] Call Trace:", 12)]
    [InlineData("[ 3151.944204][    C1]  r7:81803c84", 3151)]
    [InlineData("[   35.046212] [  T5851] msg", 35)]
    [InlineData("[  240.] a paste lost the fraction", 240)]
    [InlineData("[  +0.000008] dmesg's delta", -1)]
    [InlineData("Nov 26 05:34:43 host kernel: [   12.345678] msg", 12)]
    [InlineData("> [   12.345678] quoted", 12)]
    [InlineData("[1234567890123.5] too many digits", -1)]
    [InlineData("no time at all", -1)]
    public void The_seconds_read_with_the_prefix_are_those_the_prefix_itself_gives(string raw, long seconds)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(seconds, line.PrefixSeconds);
        Assert.Equal(PrintkTime.WholeSeconds(raw.AsSpan(0, line.TextStart)), line.PrefixSeconds);
    }

    [Fact]
    public void Every_line_of_the_corpora_gives_the_seconds_its_prefix_gives()
    {
        // The seconds kept from parsing stand in for reading the prefix again (the detector's clock check): on every real
        // console line they must be the same.
        int kept = 0;
        foreach (string file in CorpusTexts.Files)
        {
            foreach (string raw in File.ReadLines(file))
            {
                KernelLine line = LinePrefix.Parse(raw);
                long expected = PrintkTime.WholeSeconds(line.Raw.AsSpan(0, line.TextStart));
                Assert.True(expected == line.PrefixSeconds, $"{file}: {raw}");
                kept += line.PlainSecondsPlusOne > 0 ? 1 : 0;
            }
        }
        Assert.True(kept > 100_000, $"only {kept} lines kept their seconds");
    }
}
