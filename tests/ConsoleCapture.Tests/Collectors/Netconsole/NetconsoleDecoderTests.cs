using System.Buffers;
using System.Text;
using CsCheck;
using SolWatch.ConsoleCapture.Collectors.Netconsole;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Netconsole;

public class NetconsoleDecoderTests
{
    private static string Decode(NetconsoleFormat format, params string[] datagrams)
    {
        var decoder = new NetconsoleDecoder(format);
        var output = new ArrayBufferWriter<byte>();
        foreach (string d in datagrams)
        {
            decoder.Decode(Encoding.Latin1.GetBytes(d), output);
        }
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Plain_datagrams_pass_as_they_are()
    {
        Assert.Equal("[   12.5] hello\nwor", Decode(NetconsoleFormat.Plain, "[   12.5] hello\n", "wor"));
    }

    [Fact]
    public void An_extended_record_becomes_one_console_line_with_the_kernel_timestamp()
    {
        Assert.Equal("[    1.758426] netconsole: network logging started\n",
            Decode(NetconsoleFormat.Extended, "6,416,1758426,-;netconsole: network logging started\n"));
    }

    [Fact]
    public void A_prepended_release_and_dictionary_lines_are_not_part_of_the_text_and_escapes_are_undone()
    {
        Assert.Equal("[  501.151268] tab\there \\ end\n",
            Decode(NetconsoleFormat.Auto, "6.1.0-13-amd64,6,444,501151268,-;tab\\x09here \\x5c end\n SUBSYSTEM=net\n DEVICE=+net:eth0\n"));
    }

    [Fact]
    public void Fragments_are_reassembled_into_one_line()
    {
        // The example of Documentation/networking/netconsole.rst.
        Assert.Equal("[    1.758426] the first chunk, the 2nd chunk.\n",
            Decode(NetconsoleFormat.Extended, "6,416,1758426,-,ncfrag=0/31;the first chunk,", "6,416,1758426,-,ncfrag=16/31; the 2nd chunk."));
    }

    [Fact]
    public void A_hole_in_the_sequence_numbers_is_marked_with_the_count_and_range()
    {
        string text = Decode(NetconsoleFormat.Extended, "4,10,1000000,-;a\n", "4,11,2000000,-;b\n", "4,15,3000000,-;c\n");

        Assert.Equal(
            "[    1.000000] a\n[    2.000000] b\n[solwatch: netconsole lost 3 messages (seq 12..14)]\n[    3.000000] c\n",
            text);
    }

    [Fact]
    public void A_message_whose_fragments_were_partly_lost_is_kept_and_marked_incomplete()
    {
        string text = Decode(NetconsoleFormat.Extended, "6,7,5,-,ncfrag=0/20;0123456789", "6,8,6,-;next\n");

        Assert.Equal("[    0.000005] 0123456789 [solwatch: netconsole message incomplete, fragments lost]\n[    0.000006] next\n", text);
    }

    [Fact]
    public void A_restarted_sequence_after_a_reboot_is_not_a_loss_and_duplicates_are_dropped()
    {
        string text = Decode(NetconsoleFormat.Extended, "6,900,1,-;old\n", "6,900,1,-;old\n", "6,0,2,-;new boot\n", "6,1,3,-;x\n");

        Assert.Equal("[    0.000001] old\n[    0.000002] new boot\n[    0.000003] x\n", text);
    }

    [Fact]
    public void Any_split_of_a_message_into_fragments_gives_the_same_line_as_the_whole_message()
    {
        Gen.Select(Gen.String[Gen.Char['!', '~'], 1, 300], Gen.Int[1, 299].Array[0, 8]).Sample((body, cuts) =>
        {
            string whole = Decode(NetconsoleFormat.Extended, $"0,42,1000,-;{body}\n");
            int total = body.Length + 1;
            int[] points = [0, .. cuts.Where(c => c < total).Distinct().Order(), total];
            string[] fragments = [.. points.Zip(points.Skip(1), (a, b) => $"0,42,1000,-,ncfrag={a}/{total};{(body + "\n")[a..b]}")];
            return Decode(NetconsoleFormat.Extended, fragments) == whole;
        });
    }

    [Theory]
    [InlineData("hello; world\n")]
    [InlineData("1,2,3;no flag\n")]
    [InlineData("a,b,c,d;letters\n")]
    public void In_auto_mode_text_that_only_looks_a_bit_like_a_header_is_plain(string datagram)
    {
        Assert.Equal(datagram, Decode(NetconsoleFormat.Auto, datagram));
    }
}
