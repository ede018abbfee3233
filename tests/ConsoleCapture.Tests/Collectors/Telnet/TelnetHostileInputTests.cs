using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SolWatch.ConsoleCapture.Collectors.Tcp;
using SolWatch.ConsoleCapture.Collectors.Telnet;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Telnet;

/// <summary>The telnet side against a hostile or broken server: cut sequences, endless subnegotiation, floods.</summary>
public sealed class TelnetHostileInputTests
{
    private const byte Iac = 255, Will = 251, Wont = 252, Do = 253, Dont = 254, Sb = 250, Se = 240, Nop = 241;

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
    public void Every_cut_of_a_stream_with_every_kind_of_sequence_into_three_reads_gives_the_same_data_and_replies()
    {
        byte[] stream =
        [
            (byte)'a', Iac, Iac, (byte)'\r', 0, (byte)'b', Iac, Will, 1, Iac, Will, 24, Iac, Do, 0, Iac, Do, 31,
            Iac, Sb, 24, 1, Iac, Iac, 2, Iac, Se, (byte)'c', Iac, Sb, 44, 5, Iac, (byte)'x', (byte)'d',
            Iac, Nop, (byte)'\r', Iac, Iac, Iac, Wont, 1, Iac, Dont, 0, Iac, Dont, 0, (byte)'\r', (byte)'\n', Iac,
        ];
        (byte[] data, byte[] replies) = Decode(new TelnetProtocol(), stream);

        for (int i = 0; i <= stream.Length; i++)
        {
            for (int j = i; j <= stream.Length; j++)
            {
                (byte[] d, byte[] r) = Decode(new TelnetProtocol(), stream[..i], stream[i..j], stream[j..]);
                Assert.Equal(data, d);
                Assert.Equal(replies, r);
            }
        }
        // IAC x inside a subnegotiation ends it and takes the x with it (TelnetProtocol's documented recovery)
        Assert.Equal("a\u00ff\rbcd\r\u00ff\r\n", System.Text.Encoding.Latin1.GetString(data));
    }

    [Fact]
    public void A_subnegotiation_without_its_end_gives_the_console_back_after_the_limit()
    {
        byte[] endless = [Iac, Sb, 24, .. Enumerable.Repeat((byte)'x', 5000), .. "Kernel panic"u8];

        foreach (int readSize in (int[])[1, 7, 8192])
        {
            var protocol = new TelnetProtocol();
            (byte[] data, _) = Decode(protocol, endless.Chunk(readSize).ToArray());

            // the option byte and MaxSubnegotiationLength - 1 bytes are skipped; everything after is console data
            Assert.Equal(endless[(2 + TelnetProtocol.MaxSubnegotiationLength)..], data);
        }
    }

    [Fact]
    public void A_negotiation_flood_is_answered_at_most_once_per_request_and_not_at_all_for_a_state_already_held()
    {
        byte[] flood = [.. Enumerable.Range(0, 10000).SelectMany(_ => (byte[])[Iac, Will, 1, Iac, Do, 3, Iac, Dont, 24])];

        (byte[] data, byte[] replies) = Decode(new TelnetProtocol(), flood);

        Assert.Empty(data);
        Assert.Equal([Iac, Do, 1, Iac, Will, 3], replies); // DONT for an option we never did needs no answer
    }

    [Fact]
    public void Random_input_never_throws_and_never_yields_more_data_or_replies_than_it_had_bytes()
    {
        var rng = new Random(1206);
        byte[] alphabet = [Iac, Iac, Iac, Will, Wont, Do, Dont, Sb, Se, Nop, 0, 1, 3, 24, (byte)'\r', (byte)'a'];
        for (int run = 0; run < 300; run++)
        {
            byte[] input = new byte[rng.Next(0, 3000)];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = rng.Next(4) == 0 ? (byte)rng.Next(256) : alphabet[rng.Next(alphabet.Length)];
            }
            var protocol = new TelnetProtocol();
            (byte[] data, byte[] replies) = Decode(protocol, input.Chunk(rng.Next(1, 64)).ToArray());

            Assert.True(data.Length <= input.Length, $"run {run}: {data.Length} data bytes from {input.Length}");
            Assert.True(replies.Length <= input.Length, $"run {run}: {replies.Length} reply bytes from {input.Length}");
        }
    }

    [Fact]
    public async Task A_server_that_floods_negotiation_and_never_reads_does_not_grow_the_pending_replies()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var collector = new TelnetCollector(new TelnetCollectorOptions(new TcpCollectorOptions("127.0.0.1", port)));
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = collector.RunAsync(sink, cts.Token);
        using Socket server = await listener.AcceptSocketAsync();
        await sink.WaitUntilAsync(s => s.Connects.Count == 1, "connected");

        // A user's write the server never reads: it holds the send lock for good.
        Task blockedWrite = collector.SendAsync(new byte[64 * 1024 * 1024], cts.Token).AsTask();
        // Then a flood of requests for an option we refuse (each one answered with IAC DONT), then console output.
        byte[] flood = [.. Enumerable.Range(0, 200_000).SelectMany(_ => (byte[])[Iac, Will, 24])];
        await server.SendAsync(flood, SocketFlags.None);
        await server.SendAsync("still reading;"u8.ToArray(), SocketFlags.None);
        await sink.WaitForTextAsync("still reading;", TimeSpan.FromSeconds(60));

        Assert.False(blockedWrite.IsCompleted);
        Assert.InRange(collector.PendingReplyBytes, 0, TelnetCollector.MaxPendingReplies);
        await cts.CancelAsync();
        server.Close();
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        await Task.WhenAny(blockedWrite, Task.Delay(TimeSpan.FromSeconds(30)));
    }
}
