using SolWatch.Parsers.Lines;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Lines;

/// <summary>The one-pass reading of printk's plain time (PrintkTime.PlainMicroseconds) answers as the general one does.</summary>
public class PrintkTimeTests
{
    [Theory]
    [InlineData("[   12.345678] ", 12_345_678)]
    [InlineData("[58857.640861] ", 58_857_640_861)]
    [InlineData("[    0.000000] ", 0)]
    [InlineData("[  4021.1] ", 4_021_100_000)]
    [InlineData("[  1.123456789] ", 1_123_456)]
    [InlineData("[  584.319520][   T31] ", 584_319_520)]
    [InlineData("[  584.319520] [  C1] ", 584_319_520)]
    public void Printks_plain_time_is_read_in_microseconds(string prefix, long microseconds)
    {
        Assert.Equal(microseconds, PrintkTime.PlainMicroseconds(prefix));
        Assert.Equal(microseconds, PrintkTime.Microseconds(prefix));
    }

    [Theory]
    [InlineData("[  240.] ")]
    [InlineData("[  +0.000008] ")]
    [InlineData("[  584.319520][   T31 ] ")]
    [InlineData("[  584.319520][ 12.000000] ")]
    [InlineData("-wait-wouldblock[  347.423535] ")]
    [InlineData("[1.1234567890] ")]
    [InlineData("[1234567890123.5] ")]
    [InlineData("<4>[   12.000001] ")]
    [InlineData("[Thu Oct 30 06:21:23 2025] ")]
    public void Any_other_prefix_is_left_to_the_general_reading(string prefix)
    {
        Assert.Equal(-1, PrintkTime.PlainMicroseconds(prefix));
    }

    [Fact]
    public void Every_line_prefix_of_the_fixtures_and_the_corpus_reads_the_same_both_ways()
    {
        int plain = 0;
        foreach (string set in (string[])["eras", "unseen", "hardware", "kdump", "lab"])
        {
            plain += CheckDirectory(RepoPaths.Tests("Parsers.Tests", "Fixtures", set));
        }
        plain += CheckDirectory(Path.Combine(RepoPaths.Shared, "corpus", "syzkaller"));
        Assert.True(plain > 50_000, $"only {plain} plain times read: the test reads no console");
    }

    private static int CheckDirectory(string directory)
    {
        int plain = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            foreach (string raw in File.ReadLines(file))
            {
                KernelLine line = LinePrefix.Parse(raw);
                ReadOnlySpan<char> prefix = raw.AsSpan(0, line.TextStart);
                long fast = PrintkTime.PlainMicroseconds(prefix);
                if (fast >= 0)
                {
                    plain++;
                    Assert.True(fast == PrintkTime.AnyMicroseconds(prefix), $"{file}: '{prefix}'");
                }
            }
        }
        return plain;
    }
}
