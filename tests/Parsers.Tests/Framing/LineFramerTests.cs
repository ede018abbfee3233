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

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    public void A_printk_level_header_inside_a_line_begins_a_new_line_and_a_continuation_header_joins(int chunk)
    {
        // 4.7-4.10's NMI buffer flush printed a hard lockup's messages a '\n'-ended line at a time, so the next message's
        // KERN_SOH level header came out in the middle of a console line (coreos/bugs#2655 shows it with the 0x01 lost).
        string input = "[  100.1] Watchdog detected hard LOCKUP on cpu 3\x01" + "dModules linked in:\x01" + "c binfmt_misc\x01" + "c nfsd\n"
                       + "\x01" + "4[  100.2] CPU: 3 PID: 0 Comm: swapper/3\n";
        Assert.Equal(
            ["[  100.1] Watchdog detected hard LOCKUP on cpu 3", "Modules linked in: binfmt_misc nfsd", "[  100.2] CPU: 3 PID: 0 Comm: swapper/3"],
            Frame(input, chunk: chunk));
    }

    [Fact]
    public void A_stray_start_of_header_byte_before_text_is_dropped_and_the_text_kept()
    {
        Assert.Equal(["abc", "x9y"], Frame("a\x01" + "bc\nx\x01" + "9y\n"));
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

    // The same console kept without CP's addresses: every record padded with blanks to 80 columns.
    private static string Record(string text) => text.PadRight(80);

    private static readonly string PaddedStart = string.Concat(
        Record("[    0.070464] setup: The maximum memory size is 2048MB") + "\n",
        Record("[    0.070468] cma: Reserved 4 MiB at 0x000000000fc00000") + "\n",
        Record("[    0.112609] cpu: 2 configured CPUs, 0 standby CPUs") + "\n");

    private const string PanicCut = "[    2.384521] Kernel panic - not syncing: VFS: Unable to mount root fs on unkno";

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(81)]
    public void On_a_console_that_pads_its_80_column_records_a_timed_line_cut_at_80_columns_is_joined_however_the_reads_fall(int chunk)
    {
        Assert.Equal(80, PanicCut.Length);
        string input = PaddedStart + PanicCut + "\n" + Record("wn-block(94,1)") + "\n" + Record("[    2.384530] CPU: 0 PID: 1 Comm: swapper/0") + "\n";
        List<string> lines = Frame(input, chunk: chunk);
        Assert.Equal(PanicCut + Record("wn-block(94,1)"), lines[3]);
        Assert.Equal(5, lines.Count);
    }

    [Fact]
    public void On_a_console_that_pads_its_records_a_line_wrapped_twice_is_joined_from_all_three_pieces()
    {
        string first = "[    0.115979] Kernel command line: rd.dasd=0.0.0120 rd.dasd=0.0.0121 rd.dasd=0.";
        string second = "0.0122 rd.znet=qeth,0.0.8000,0.0.8001,0.0.8002,layer2=1,portname=z-126,portno=01";
        Assert.Equal([80, 80], new[] { first.Length, second.Length });
        List<string> lines = Frame(PaddedStart + first + "\n" + second + "\n" + Record(" nokaslr") + "\n");
        Assert.Equal(first + second + Record(" nokaslr"), lines[3]);
    }

    [Fact]
    public void Before_a_console_has_shown_padded_records_a_timed_80_column_line_is_not_joined_with_an_untimed_line()
    {
        // A serial console: user space's output follows a kernel line that happens to fill 80 columns.
        Assert.Equal([PanicCut, "Welcome to Debian GNU/Linux 12"], Frame(PanicCut + "\nWelcome to Debian GNU/Linux 12\n"));
        // Two padded records, a line of another width, one more: not three in a row, not trusted yet.
        string[] padded = PaddedStart.Split('\n');
        string input = padded[0] + "\n" + padded[1] + "\nshort line\n" + padded[2] + "\n" + PanicCut + "\nwn-block(94,1)\n";
        Assert.Equal(PanicCut, Frame(input)[4]);
    }

    [Theory]
    [InlineData("[    2.384530] CPU: 0 PID: 1 Comm: swapper/0")]
    [InlineData("")]
    [InlineData("      ")]
    public void On_a_console_that_pads_its_records_a_cut_line_stays_alone_before_a_timed_or_blank_record(string next)
    {
        List<string> lines = Frame(PaddedStart + PanicCut + "\n" + Record(next) + "\n");
        Assert.Equal(PanicCut, lines[3]);
        Assert.Equal(Record(next), lines[4]);
    }

    [Fact]
    public void A_padded_record_is_never_joined_with_the_untimed_line_after_it()
    {
        string padded = Record("[    2.384518] VFS: Cannot open root device \"dasda1\"");
        Assert.Equal(padded, Frame(PaddedStart + padded + "\n" + Record("Please append a correct root= boot option") + "\n")[3]);
    }
}
