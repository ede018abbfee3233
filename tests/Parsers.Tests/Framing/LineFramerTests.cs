using System.Text;
using SolWatch.Parsers.Framing;

namespace SolWatch.Parsers.Tests.Framing;

public class LineFramerTests
{
    private static List<string> Frame(string input, int maxLine = 4096, int chunk = int.MaxValue)
    {
        var framer = new LineFramer(new LineFramerOptions { MaxLineLength = maxLine });
        var lines = new List<string>();
        byte[] bytes = Encoding.Latin1.GetBytes(input);
        for (int i = 0; i < bytes.Length; i += Math.Min(chunk, bytes.Length))
        {
            framer.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), lines);
        }
        if (framer.Flush() is { } rest)
        {
            lines.Add(rest);
        }
        return lines;
    }

    [Theory]
    [InlineData("a\nb\n")]
    [InlineData("a\r\nb\r\n")]
    [InlineData("a\rb\r")]
    [InlineData("a\n\rb\n\r")]
    [InlineData("a\r\r\nb\r\r\n")]
    public void Every_common_line_ending_gives_the_same_two_lines(string input)
    {
        Assert.Equal(["a", "b"], Frame(input));
        Assert.Equal(["a", "b"], Frame(input, chunk: 1));
    }

    [Fact]
    public void Blank_lines_are_kept_whatever_the_line_ending()
    {
        Assert.Equal(["a", "", "b"], Frame("a\r\n\r\nb\r\n"));
        Assert.Equal(["a", "", "b"], Frame("a\n\nb\n"));
    }

    [Fact]
    public void Ansi_escapes_and_bios_repaint_sequences_are_removed()
    {
        Assert.Equal(["[    1.0] hello", "x"], Frame("\u001b[2J\u001b[1;1H[    1.0] \u001b[0;31mhello\u001b[0m\r\n\u001b]0;title\u0007x\n"));
    }

    [Fact]
    public void Nul_and_other_control_bytes_are_dropped_but_tabs_stay()
    {
        Assert.Equal(["ab\tc"], Frame("a\0\u0007b\tc\u0008\n"));
    }

    [Fact]
    public void An_overlong_line_is_cut_instead_of_buffered()
    {
        List<string> lines = Frame(new string('x', 100) + "\n", maxLine: 40);
        Assert.Equal([40, 40, 20], lines.Select(l => l.Length));
    }

    [Fact]
    public void Invalid_utf8_stays_readable()
    {
        var framer = new LineFramer();
        var lines = new List<string>();
        framer.Push([0x61, 0xFF, 0x62, 0x0A], lines);
        Assert.Equal(["a\uFFFDb"], lines);
    }
}
