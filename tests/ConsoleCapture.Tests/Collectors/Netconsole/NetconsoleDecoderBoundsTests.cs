using System.Buffers;
using System.Text;
using SolWatch.ConsoleCapture.Collectors.Netconsole;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Netconsole;

/// <summary>The decoder against datagrams no kernel sends: sizes taken from the wire must not size our memory.</summary>
public class NetconsoleDecoderBoundsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static byte[] Bytes(string s) => Encoding.Latin1.GetBytes(s);

    [Fact]
    public void A_fragment_claiming_a_two_billion_byte_message_is_dropped_without_allocating_it()
    {
        var decoder = new NetconsoleDecoder(NetconsoleFormat.Extended);
        var output = new ArrayBufferWriter<byte>();
        byte[] hostile = Bytes("0,1,1000,-,ncfrag=0/2000000000;x");
        decoder.Decode(Bytes("6,0,500,-;warm up\n"), output); // first-call allocations are not the datagram's
        output.ResetWrittenCount();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            decoder.Decode(hostile, output);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"100 hostile datagrams allocated {allocated:N0} bytes");
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void An_oversized_fragment_is_reported_as_dropped()
    {
        var decoder = new NetconsoleDecoder(NetconsoleFormat.Auto);
        var output = new ArrayBufferWriter<byte>();

        Assert.Equal(NetconsoleDecodeOutcome.DroppedOversized, decoder.Decode(Bytes("0,1,1000,-,ncfrag=0/2000000000;x"), output));
        Assert.Equal(NetconsoleDecodeOutcome.DroppedOversized, decoder.Decode(Bytes($"0,1,1000,-,ncfrag=0/{NetconsoleLimits.MaxMessageBytes + 1};x"), output));
        Assert.Equal(NetconsoleDecodeOutcome.Decoded, decoder.Decode(Bytes("6,2,1000,-;fine\n"), output));
    }

    [Fact]
    public void A_hostile_fragment_does_not_disturb_the_message_being_reassembled()
    {
        var decoder = new NetconsoleDecoder(NetconsoleFormat.Extended);
        var output = new ArrayBufferWriter<byte>();

        decoder.Decode(Bytes("6,416,1758426,-,ncfrag=0/31;the first chunk,"), output);
        decoder.Decode(Bytes("6,416,1758426,-,ncfrag=0/20000;spoofed"), output);
        decoder.Decode(Bytes("6,416,1758426,-,ncfrag=16/31; the 2nd chunk."), output);

        Assert.Equal("[    1.758426] the first chunk, the 2nd chunk.\n", Encoding.Latin1.GetString(output.WrittenSpan));
    }

    [Fact]
    public void The_largest_message_a_kernel_sends_is_still_reassembled()
    {
        // 16 KiB of body in the kernel's 1,000-byte datagrams (MAX_PRINT_CHUNK), header included.
        string text = new string('a', NetconsoleLimits.MaxMessageBytes - 1) + "\n";
        var decoder = new NetconsoleDecoder(NetconsoleFormat.Extended);
        var output = new ArrayBufferWriter<byte>();
        const int Chunk = 960;
        for (int offset = 0; offset < text.Length; offset += Chunk)
        {
            string piece = text.Substring(offset, Math.Min(Chunk, text.Length - offset));
            Assert.Equal(NetconsoleDecodeOutcome.Decoded,
                decoder.Decode(Bytes($"4,9,2000000,-,ncfrag={offset}/{text.Length};{piece}"), output, T0));
        }

        Assert.Equal("[    2.000000] " + text, Encoding.Latin1.GetString(output.WrittenSpan));
    }

    [Fact]
    public void A_message_whose_last_fragment_never_comes_is_shown_incomplete_once_overdue()
    {
        var decoder = new NetconsoleDecoder(NetconsoleFormat.Extended);
        var output = new ArrayBufferWriter<byte>();
        decoder.Decode(Bytes("0,77,5000000,-,ncfrag=0/40;Kernel panic - not syncing: "), output, T0);

        Assert.False(decoder.FlushStale(T0 + NetconsoleLimits.PartialMaxAge, output));
        Assert.Equal(0, output.WrittenCount);
        Assert.True(decoder.FlushStale(T0 + NetconsoleLimits.PartialMaxAge + TimeSpan.FromMilliseconds(1), output));

        Assert.Equal("[    5.000000] Kernel panic - not syncing:  [solwatch: netconsole message incomplete, fragments lost]\n",
            Encoding.Latin1.GetString(output.WrittenSpan));
        Assert.Equal(1, decoder.IncompleteMessages);
    }

    [Fact]
    public void An_overdue_partial_message_is_shown_before_the_next_datagram_of_its_sender()
    {
        var decoder = new NetconsoleDecoder(NetconsoleFormat.Extended);
        var output = new ArrayBufferWriter<byte>();
        decoder.Decode(Bytes("0,77,5000000,-,ncfrag=0/40;first part "), output, T0);
        decoder.Decode(Bytes("0,77,5000000,-,ncfrag=11/40;late"), output, T0 + TimeSpan.FromMinutes(1));

        // The late fragment starts a message of its own: the first was shown when it became overdue.
        Assert.Equal("[    5.000000] first part  [solwatch: netconsole message incomplete, fragments lost]\n",
            Encoding.Latin1.GetString(output.WrittenSpan));
    }
}
