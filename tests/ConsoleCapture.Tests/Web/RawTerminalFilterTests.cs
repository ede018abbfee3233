using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>
/// The console's bytes on their way to a browser's terminal. The sequences are those of ECMA-48 and the xterm control
/// sequences document (ctlseqs): a query (DSR, DA, DECRQM, DECRQSS, XTGETTCAP, window reports, colour queries) makes
/// xterm.js answer through onData, which on the write lock holder's page would go to the console as typed.
/// </summary>
public sealed class RawTerminalFilterTests
{
    private const string Esc = "\u001b";

    // Each answers in xterm.js (or xterm), or acts outside the screen: none may reach the page.
    public static readonly TheoryData<string, string> Hostile = new()
    {
        { "DSR cursor position", Esc + "[6n" },
        { "DSR status", Esc + "[5n" },
        { "DEC DSR", Esc + "[?6n" },
        { "DA primary", Esc + "[c" },
        { "DA primary with 0", Esc + "[0c" },
        { "DA secondary", Esc + "[>c" },
        { "DA tertiary", Esc + "[=c" },
        { "DECID", Esc + "Z" },
        { "DECRQM ANSI", Esc + "[4$p" },
        { "DECRQM DEC", Esc + "[?25$p" },
        { "window size report", Esc + "[18t" },
        { "window pixel report", Esc + "[14t" },
        { "title report", Esc + "[21t" },
        { "DECREQTPARM", Esc + "[x" },
        { "XTVERSION", Esc + "[>0q" },
        { "kitty keyboard query", Esc + "[?u" },
        { "XTSMGRAPHICS query", Esc + "[?1;1S" },
        { "DECRQSS with ST", Esc + "P$qm" + Esc + "\\" },
        { "DECRQSS with C1 ST", Esc + "P$q\"p\u009c" },
        { "XTGETTCAP", Esc + "P+q544e" + Esc + "\\" },
        { "OSC 52 clipboard write, BEL", Esc + "]52;c;cHduZWQ=\u0007" },
        { "OSC 52 clipboard query, ST", Esc + "]52;c;?" + Esc + "\\" },
        { "OSC 0 title", Esc + "]0;pwned\u0007" },
        { "OSC 2 title, ST", Esc + "]2;pwned" + Esc + "\\" },
        { "OSC 8 link", Esc + "]8;;javascript:alert(1)\u0007" },
        { "OSC 11 background query", Esc + "]11;?\u0007" },
        { "OSC 4 palette query", Esc + "]4;1;?\u0007" },
        { "APC", Esc + "_Gq=2;" + Esc + "\\" },
        { "PM", Esc + "^pm" + Esc + "\\" },
        { "SOS", Esc + "Xsos" + Esc + "\\" },
        { "C1 CSI as UTF-8", "\u009b6n" },
        { "C1 OSC as UTF-8", "\u009d52;c;cHduZWQ=\u009c" },
        { "C1 DCS as UTF-8", "\u0090$qm\u009c" },
        { "mouse tracking", Esc + "[?1000h" },
        { "SGR mouse", Esc + "[?1006h" },
        { "focus reports", Esc + "[?1004h" },
        { "erase the scrollback", Esc + "[3J" },
        { "erase the scrollback, padded", Esc + "[03;1J" },
        { "ENQ answerback", "\u0005" },
        { "modifyOtherKeys", Esc + "[>4;2m" },
    };

    private static byte[] Filter(params byte[][] chunks)
    {
        var filter = new RawTerminalFilter();
        var output = new ArrayBufferWriter<byte>();
        foreach (byte[] chunk in chunks)
        {
            filter.Write(chunk, output);
        }
        return output.WrittenSpan.ToArray();
    }

    private static string Filter(string text) => Encoding.UTF8.GetString(Filter(Encoding.UTF8.GetBytes(text)));

    // The same bytes cut at every place, and fed one at a time.
    private static IEnumerable<byte[][]> Cuts(byte[] bytes)
    {
        for (int at = 0; at <= bytes.Length; at++)
        {
            yield return [bytes[..at], bytes[at..]];
        }
        yield return [.. bytes.Select(b => new[] { b })];
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_sequence_is_dropped_whole_and_the_text_around_it_stays(string what, string sequence)
    {
        byte[] input = Encoding.UTF8.GetBytes("before " + sequence + "after");
        foreach (byte[][] cut in Cuts(input))
        {
            Assert.True(Encoding.UTF8.GetString(Filter(cut)) == "before after", $"{what}, cut in {cut.Length} chunks (first {cut[0].Length} bytes)");
        }
    }

    [Fact]
    public void What_a_screen_needs_passes_unchanged()
    {
        // Colours (16, 256, true colour with colons), bold, cursor addressing and movement, erasing the screen and the
        // line, a scrolling region, save/restore, the alternate screen, cursor visibility, application keys, bracketed
        // paste, DEC line drawing and back, tabs, backspace, CR LF, UTF-8 text.
        string screen = Esc + "[?1049h" + Esc + "[1;24r" + Esc + "[H" + Esc + "[2J" + Esc + "[?25l" + Esc + "[?1h" + Esc + "=" +
            Esc + "[1;31mred" + Esc + "[0m " + Esc + "[38;5;208morange" + Esc + "[38:2::255:128:0mtrue" + Esc + "[m" +
            Esc + "[5;10H" + Esc + "[K" + Esc + "[2A" + Esc + "[3C" + Esc + "7" + Esc + "8" + Esc + "M" +
            Esc + "(0lqqk" + Esc + "(B\tx\by\r\n" + "Grüße – 日本 😀" + Esc + "[?2004h" + Esc + "[?25h" + Esc + "[?1049l" +
            Esc + "[4h" + Esc + "[4l" + Esc + "[!p" + Esc + "[2 q" + Esc + "[2J" + Esc + "[0J" + Esc + "[J";
        byte[] input = Encoding.UTF8.GetBytes(screen);
        foreach (byte[][] cut in Cuts(input))
        {
            Assert.Equal(input, Filter(cut));
        }
    }

    [Fact]
    public void Mode_lists_keep_only_the_modes_a_screen_may_follow()
    {
        Assert.Equal(Esc + "[?25;1049h", Filter(Esc + "[?1000;25;1006;1049h"));
        Assert.Equal("", Filter(Esc + "[?1002;1003;1015l"));
        Assert.Equal(Esc + "[4h", Filter(Esc + "[2;4h")); // KAM (keyboard lock) is not followed
    }

    [Fact]
    public void A_full_reset_becomes_a_soft_reset_that_keeps_the_scrollback()
    {
        Assert.Equal("a" + Esc + "[!pb", Filter("a" + Esc + "cb"));
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_characters_and_valid_utf8_survives_any_cut()
    {
        // Bytes that are never UTF-8 (FF, FE, C0, C1, F5), a lone continuation, an overlong NUL (C0 80), an overlong
        // slash (E0 80 AF), a UTF-16 surrogate (ED A0 80), a code point past U+10FFFF (F4 90 80 80), a truncated
        // three-byte character before ASCII: one U+FFFD per maximal ill-formed part (the Unicode Standard, 3.9).
        byte[] bad = [0xFF, 0xFE, 0xC1, 0xBF, 0xF5, 0x80, 0xC0, 0x80, 0xE0, 0x80, 0xAF, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0xE2, 0x82, (byte)'!'];
        // .NET's decoder follows the same practice: the two agree.
        Assert.Equal(Encoding.UTF8.GetString(bad), Encoding.UTF8.GetString(Filter(bad)));
        Assert.Equal(new string('\uFFFD', 19) + "!", Encoding.UTF8.GetString(Filter(bad)));
        byte[] good = Encoding.UTF8.GetBytes("é€😀 ok");
        foreach (byte[][] cut in Cuts(good))
        {
            Assert.Equal(good, Filter(cut));
        }
    }

    [Fact]
    public void Huge_sequences_and_strings_hold_nothing_back_and_the_text_after_them_shows()
    {
        string csi = Esc + "[" + string.Concat(Enumerable.Repeat("1;", 50_000)) + "m";
        string osc = Esc + "]52;c;" + new string('A', 1_000_000) + "\u0007";
        string line = new('X', 200_000);
        Assert.Equal("a" + "b" + line + "c", Filter("a" + csi + "b" + line + osc + "c"));
    }

    [Fact]
    public void Cancel_and_substitute_end_an_unfinished_sequence()
    {
        Assert.Equal("n", Filter(Esc + "[6\u0018n"));
        Assert.Equal("after", Filter(Esc + "]52;c;x\u001aafter"));
    }

    [Fact]
    public void Controls_inside_a_sequence_take_effect_and_the_sequence_still_ends_right()
    {
        // A CR inside a CSI is done where it stands (as in a DEC terminal); the DSR around it is still dropped.
        Assert.Equal("\rx", Filter(Esc + "[6\rnx"));
        Assert.Equal("\u0007", Filter("\u0000\u0007\u0001"));
    }

    [Fact]
    public void A_reset_forgets_an_unfinished_sequence_so_the_bytes_after_a_skip_start_on_plain_ground()
    {
        var filter = new RawTerminalFilter();
        var output = new ArrayBufferWriter<byte>();
        filter.Write(Encoding.ASCII.GetBytes("x" + Esc + "]52;c;"), output);
        filter.Reset();
        filter.Write("still here"u8, output);
        Assert.Equal("xstill here", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Random_bytes_come_out_as_a_stream_the_filter_keeps_whole_with_no_query_in_it()
    {
        // Bytes biased towards sequence starts and finals; whatever comes out must already be allowed (filtering it
        // again changes nothing) and hold nothing that makes xterm.js answer.
        var random = new Random(16);
        byte[] alphabet = [0x1B, 0x1B, (byte)'[', (byte)']', (byte)'P', (byte)'?', (byte)'>', (byte)'6', (byte)'n', (byte)'c', (byte)'$', (byte)'p',
            (byte)'q', (byte)';', (byte)'5', (byte)'2', 0x07, (byte)'\\', 0xC2, 0x9B, 0x9D, 0x90, (byte)'h', (byte)'t', (byte)'1', (byte)'0', (byte)'a', 0xFF];
        var answer = new Regex(@"\x1b\[[<=>?]|\x1b[\]PX^_Zc]|\x1b\[[0-9;:]*[cntx]|\x1b\[[0-9;:]*\$p|[\u0080-\u009f]|\x1b\[\?[0-9;]*100[0-6]", RegexOptions.CultureInvariant);
        for (int round = 0; round < 200; round++)
        {
            byte[] input = new byte[random.Next(1, 400)];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = alphabet[random.Next(alphabet.Length)];
            }
            byte[] once = Filter(input);
            int at = random.Next(input.Length + 1);
            Assert.Equal(once, Filter(input[..at], input[at..]));
            Assert.Equal(once, Filter(once));
            string text = Encoding.UTF8.GetString(once);
            Assert.False(answer.IsMatch(text), $"round {round}: {Convert.ToHexString(input)} gave {Convert.ToHexString(once)}");
        }
    }

    [Fact]
    public void The_skip_marker_says_how_many_bytes_were_lost_on_a_line_of_its_own()
    {
        string marker = Encoding.UTF8.GetString(RawTerminalFilter.SkipMarker(12345));
        Assert.StartsWith("\r\n", marker, StringComparison.Ordinal);
        Assert.Contains("[… 12345 bytes skipped …]", marker, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", marker, StringComparison.Ordinal);
        Assert.Equal(marker, Encoding.UTF8.GetString(Filter(RawTerminalFilter.SkipMarker(12345)))); // allowed as it is
    }
}
