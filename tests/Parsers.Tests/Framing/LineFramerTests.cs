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

    // z/VM's console: 80 columns with the CPU address "00: " in front, longer lines going on in a line of their own.
    private const string ZvmPsw = "00: [   98.203808] Krnl PSW : 0704c00180000000 00000000309cccc4 (qeth_open+0x2f4";
    private const string ZvmJoined = "00: [   98.203808] Krnl PSW : 0704c00180000000 00000000309cccc4 (qeth_open+0x2f4/0x320)";

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(81)]
    public void A_zvm_line_cut_at_80_columns_is_joined_with_its_next_piece_however_the_reads_fall(int chunk)
    {
        Assert.Equal(80, ZvmPsw.Length);
        string input = ZvmPsw + "\r\n00: /0x320)\r\n00: [   98.203836]            R:0 T:1\r\n";
        Assert.Equal([ZvmJoined, "00: [   98.203836]            R:0 T:1"], Frame(input, chunk: chunk));
    }

    [Fact]
    public void A_zvm_line_wrapped_twice_is_joined_from_all_three_pieces()
    {
        string first = "00: [   98.203744] Modules linked in: ip_tables x_tables xfs dasd_fba_mod dasd_e";
        string second = "00: ckd_mod dm_mirror dm_region_hash dm_log dm_mod aaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        Assert.Equal([80, 80], new[] { first.Length, second.Length });
        Assert.Equal([first + second[4..] + "bb"], Frame(first + "\n" + second + "\n00: bb\n"));
    }

    [Theory]
    [InlineData("00: [   98.203840] next record")]
    [InlineData("01: /0x320)")]
    [InlineData("HCPGIR450W CP entered")]
    public void A_zvm_line_of_80_columns_stays_alone_before_a_new_record_another_cpu_or_cp(string next)
    {
        Assert.Equal([ZvmPsw, next], Frame(ZvmPsw + "\n" + next + "\n"));
        Assert.Equal([ZvmPsw, next], Frame(ZvmPsw + "\n" + next + "\n", chunk: 3));
    }

    [Fact]
    public void Lines_of_80_columns_without_a_zvm_prefix_and_time_are_never_joined()
    {
        string plain = new('x', 80);
        string untimed = "00: " + new string('y', 76);
        Assert.Equal([plain, "00: z1"], Frame(plain + "\n00: z1\n"));
        Assert.Equal([untimed, "00: z2"], Frame(untimed + "\n00: z2\n"));
    }

    [Fact]
    public void A_held_zvm_line_is_given_by_flush_when_the_console_goes_quiet()
    {
        Assert.Equal([ZvmPsw], Frame(ZvmPsw + "\n"));
        Assert.Equal([ZvmPsw], Frame(ZvmPsw + "\n00: "));
    }

    [Fact]
    public void Flush_gives_a_held_zvm_line_first_and_the_unfinished_line_at_the_next_call()
    {
        // The input ends before the next line's first six characters show whether the held line goes on there.
        var framer = new LineFramer();
        var lines = new List<string>();
        framer.Push(System.Text.Encoding.UTF8.GetBytes(ZvmPsw + "\n00: x"), lines);
        Assert.Empty(lines);
        Assert.Equal(ZvmPsw, framer.Flush());
        Assert.Equal("00: x", framer.Flush());
        Assert.Null(framer.Flush());
    }
}
