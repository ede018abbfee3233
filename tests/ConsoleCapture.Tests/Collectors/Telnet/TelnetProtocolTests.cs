using System.Buffers;
using CsCheck;
using SolWatch.ConsoleCapture.Collectors.Telnet;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Telnet;

public class TelnetProtocolTests
{
    private const byte Iac = 255, Will = 251, Wont = 252, Do = 253, Dont = 254, Sb = 250, Se = 240;

    private static (byte[] Data, byte[] Replies) Decode(TelnetProtocol protocol, params byte[][] reads)
    {
        var data = new ArrayBufferWriter<byte>();
        var replies = new ArrayBufferWriter<byte>();
        foreach (byte[] read in reads)
        {
            protocol.Decode(read, data, replies);
        }
        return (data.WrittenSpan.ToArray(), replies.WrittenSpan.ToArray());
    }

    [Fact]
    public void Qemus_opening_negotiation_is_accepted_and_removed_from_the_console_text()
    {
        // What qemu's telnet=on server sends first (see the lab README): WILL ECHO, WILL SGA, WILL BINARY, DO BINARY.
        byte[] input = [Iac, Will, 1, Iac, Will, 3, Iac, Will, 0, Iac, Do, 0, (byte)'o', (byte)'k'];
        var protocol = new TelnetProtocol();

        (byte[] data, byte[] replies) = Decode(protocol, input);

        Assert.Equal("ok"u8.ToArray(), data);
        Assert.Equal([Iac, Do, 1, Iac, Do, 3, Iac, Do, 0, Iac, Will, 0], replies);
        Assert.True(protocol.IsRemoteEnabled(0) && protocol.IsRemoteEnabled(1) && protocol.IsRemoteEnabled(3) && protocol.IsLocalEnabled(0));
    }

    [Fact]
    public void Other_options_are_refused_in_both_directions_and_echo_is_not_done_by_us()
    {
        // WILL TTYPE(24) from the server, DO NAWS(31), DO ECHO(1), DO COM-PORT(44).
        (_, byte[] replies) = Decode(new TelnetProtocol(), [Iac, Will, 24, Iac, Do, 31, Iac, Do, 1, Iac, Do, 44]);

        Assert.Equal([Iac, Dont, 24, Iac, Wont, 31, Iac, Wont, 1, Iac, Wont, 44], replies);
    }

    [Fact]
    public void A_request_for_the_state_an_option_already_has_is_not_answered_again()
    {
        (_, byte[] replies) = Decode(new TelnetProtocol(), [Iac, Will, 3, Iac, Will, 3, Iac, Wont, 3, Iac, Wont, 3, Iac, Dont, 0]);

        Assert.Equal([Iac, Do, 3, Iac, Dont, 3], replies);
    }

    [Fact]
    public void Escaped_255_subnegotiations_other_commands_and_cr_nul_are_handled()
    {
        byte[] input =
        [
            (byte)'a', Iac, Iac, (byte)'b',
            Iac, Sb, 24, 1, Iac, Iac, 7, Iac, Se,
            (byte)'c', Iac, 241 /* NOP */, Iac, 249 /* GA */,
            (byte)'\r', 0, (byte)'\r', (byte)'\n',
        ];

        (byte[] data, byte[] replies) = Decode(new TelnetProtocol(), input);

        Assert.Equal([(byte)'a', 255, (byte)'b', (byte)'c', (byte)'\r', (byte)'\r', (byte)'\n'], data);
        Assert.Empty(replies);
    }

    [Fact]
    public void Any_split_of_the_input_into_reads_gives_the_same_data_and_replies()
    {
        byte[] stream =
        [
            Iac, Will, 1, (byte)'x', Iac, Iac, Iac, Sb, 44, 1, 2, Iac, Iac, Iac, Se, (byte)'\r', 0, (byte)'y',
            Iac, Do, 0, Iac, Do, 31, (byte)'z', Iac, 241, (byte)'\r', (byte)'\n',
        ];
        (byte[] wholeData, byte[] wholeReplies) = Decode(new TelnetProtocol(), stream);

        Gen.Int[0, stream.Length].Array[0, 6].Sample(cuts =>
        {
            int[] points = [0, .. cuts.Order(), stream.Length];
            byte[][] reads = [.. points.Zip(points.Skip(1), (a, b) => stream[a..b])];
            (byte[] data, byte[] replies) = Decode(new TelnetProtocol(), reads);
            return data.SequenceEqual(wholeData) && replies.SequenceEqual(wholeReplies);
        });
        Assert.Equal([(byte)'x', 255, (byte)'\r', (byte)'y', (byte)'z', (byte)'\r', (byte)'\n'], wholeData);
    }

    [Fact]
    public void Input_is_escaped_by_doubling_every_255()
    {
        Assert.Equal([1, 255, 255, 2, 255, 255], TelnetProtocol.Escape([1, 255, 2, 255]));
        Assert.Equal("plain"u8.ToArray(), TelnetProtocol.Escape("plain"u8));
    }
}
