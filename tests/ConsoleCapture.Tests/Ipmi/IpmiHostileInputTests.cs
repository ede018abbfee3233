using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Serilog;
using Serilog.Events;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// The IPMI client against hostile input: every truncation and seeded mutations of each real message kind, from the
/// BMC's own address (a broken or compromised BMC, a spoofer) and from another address. Nothing may escape the
/// receive loop, bad packets are dropped and counted, nothing is accepted for another session or from another
/// source, and the console keeps working for the real BMC afterwards. Deterministic seeds, no timing assertions.
/// </summary>
public sealed class IpmiHostileInputTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private sealed class ListSink(List<LogEvent> events) : Serilog.Core.ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (events)
            {
                events.Add(logEvent);
            }
        }
    }

    private static IEnumerable<byte[]> Hostile(byte[] d, Random rng) =>
        HostileDatagrams.Truncations(d)
            .Concat(HostileDatagrams.ConsistentShortenings(d))
            .Concat(HostileDatagrams.WrongHeaders(d, rng, 40))
            .Concat(HostileDatagrams.Mutations(d, rng, 120));

    [Fact]
    public async Task Login_succeeds_when_every_setup_reply_is_preceded_by_truncated_and_wrongly_framed_copies()
    {
        var rng = new Random(20261206);
        using var bmc = new FakeBmc
        {
            // Only damage that cannot be a valid answer: cut, shortened with a matching length field, wrong header
            // fields. (Well-formed refusals and forged RAKP2/RAKP4 are set aside: IpmiSpoofedSetupTests.)
            BeforeEachSetupReply = d => HostileDatagrams.Truncations(d)
                .Concat(HostileDatagrams.ConsistentShortenings(d))
                .Concat(HostileDatagrams.WrongHeaders(d, rng, 20))
                .ToArray(),
        };
        using var endpoint = new RmcpEndpoint();

        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17), endpoint).WaitAsync(Generous);

        Assert.Equal(17, session.Suite.Id);
        Assert.True(session.DroppedPackets > 0, "the shortened replies reached the session and were dropped there");
        Assert.Equal(0, (await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None)).CompletionCode);
    }

    [Fact]
    public async Task Login_goes_on_when_a_garbled_copy_arrives_before_the_real_channel_capabilities_reply()
    {
        using var bmc = new FakeBmc
        {
            // before the IPMI 1.5 reply only: the same message with its checksums broken, and with another command
            BeforeEachSetupReply = d => d[4] == 0x00 ? [Garble(d, 14 + 2), Garble(d, d.Length - 1), WithCommand(d, 0x01)] : [],
        };
        using var endpoint = new RmcpEndpoint();

        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17) with { RequestTimeout = TimeSpan.FromSeconds(2) }, endpoint)
            .WaitAsync(Generous);

        // the 3 garbled copies (more only if a slow machine made us ask again); before, each one sent the request
        // out again and the garbage came back with every answer: tens of thousands of requests before login
        Assert.InRange(session.DroppedPackets, 3, 20);

        static byte[] Garble(byte[] d, int at)
        {
            byte[] m = d.ToArray();
            m[at] ^= 0x5A;
            return m;
        }

        static byte[] WithCommand(byte[] d, byte command)
        {
            byte[] m = d.ToArray();
            m[14 + 5] = command;
            m[^1] = IpmiLanMessage.Checksum(m.AsSpan(14 + 3, m.Length - 14 - 4));
            return m;
        }
    }

    [Fact]
    public async Task A_bmc_written_as_an_ipv4_mapped_ipv6_address_passes_the_source_check()
    {
        using var bmc = new FakeBmc();
        using var endpoint = new RmcpEndpoint();

        await using IpmiSession session = await IpmiSession.OpenAsync(
            bmc.Options(17) with { Host = "::ffff:127.0.0.1", RequestTimeout = TimeSpan.FromSeconds(2) }, endpoint).WaitAsync(Generous);

        Assert.Equal(17, session.Suite.Id);
    }

    [Fact]
    public async Task No_decoder_throws_on_any_truncation_or_mutation_of_a_real_message_and_no_damaged_packet_opens()
    {
        using var bmc = new FakeBmc();
        using var endpoint = new RmcpEndpoint();
        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17), endpoint);
        FakeBmc.Session s = bmc.Sessions.Single();
        s.SendSol([1, 0, 0, 0, .. "console bytes"u8]);
        byte[][] originals = [.. bmc.SetupRepliesSent, .. s.Sent];
        using var console = new SessionCipher(s.Suite, s.Keys!);
        var rng = new Random(42);
        int variants = 0;

        foreach (byte[] original in originals)
        {
            bool inSession = original.Length > 5 && original[4] == 0x06 && (original[5] & 0xC0) != 0;
            foreach (byte[] v in Hostile(original, rng).Concat(HostileDatagrams.RandomRmcpPlus(rng, 50)))
            {
                variants++;
                DecodeEverything(v, out bool opened);
                if (opened && inSession)
                {
                    // only the RMCP header (bytes 0-3) is outside the AuthCode; anything else changed must not open
                    Assert.Equal(original.AsSpan(4).ToArray(), v.AsSpan(4).ToArray());
                }
            }
        }
        Assert.True(variants > 1500, $"{variants} variants");

        void DecodeEverything(byte[] v, out bool opened)
        {
            opened = false;
            _ = RmcpFraming.IsIpmi(v);
            ReadOnlySpan<byte> m = RmcpFraming.V15Message(v);
            _ = IpmiLanMessage.TryDecodeResponse(m);
            ReadOnlySpan<byte> p = RmcpFraming.PreSessionPayload(v, out _);
            foreach (ReadOnlySpan<byte> payload in (byte[][])[p.ToArray(), v])
            {
                _ = RakpMessages.TryDecodeOpenSessionResponse(payload);
                _ = RakpMessages.TryDecodeRakp2(payload, 32);
                _ = RakpMessages.TryDecodeRakp4(payload, 16);
                _ = IpmiLanMessage.TryDecodeResponse(payload);
            }
            if (console.TryOpen(v, out _, out _, out byte[] plaintext) == OpenFailure.None)
            {
                opened = true;
                _ = IpmiLanMessage.TryDecodeResponse(plaintext);
            }
            _ = console.TryDecrypt(v, out _);
        }
    }

    [Fact]
    public async Task Hostile_datagrams_from_the_bmc_and_from_strangers_are_dropped_and_the_console_keeps_working()
    {
        var events = new List<LogEvent>();
        ILogger log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new ListSink(events)).CreateLogger();
        using var bmc = new FakeBmc();
        using var endpoint = new RmcpEndpoint(0, log);
        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(17), endpoint, log);
        await using IpmiSession other = await IpmiSession.OpenAsync(bmc.Options(17), endpoint, log); // a second session on the socket
        var sink = new RecordingSink();
        var solOptions = new IpmiSolOptions { Session = bmc.Options(17), Keepalive = TimeSpan.FromMinutes(5) };
        using var sol = new SolConnection(session, sink, solOptions, log);
        await sol.ActivateAsync(CancellationToken.None);
        FakeBmc.Session s = bmc.Sessions.Single(x => x.SolActive);
        FakeBmc.Session s2 = bmc.Sessions.Single(x => x.ConsoleId == other.ConsoleSessionId);
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        s.SendSol([1, 0, 0, 0, .. "before;"u8]);
        await sink.WaitForAsync("before;", Generous, sol.Completion);
        long droppedBefore = session.DroppedPackets;
        var rng = new Random(7);

        // 1. every truncation and mutation of every real message, from the BMC and from a stranger
        byte[][] originals = [.. bmc.SetupRepliesSent, .. s.Sent];
        int sent = 0;
        foreach (byte[] v in originals.SelectMany(d => Hostile(d, rng)).Concat(HostileDatagrams.RandomRmcpPlus(rng, 300)))
        {
            s.Replay(v);
            stranger.Send(v, s.Remote);
            if (++sent % 100 == 0)
            {
                // a round trip now and then, so that the socket's receive buffer (small on some hosts) never overflows
                await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None);
            }
        }
        // 2. authenticated by the BMC, yet broken: bad confidentiality pad, bad trailer, short SOL, garbage IPMI
        s.Replay(SealedWithBadPadding(s));
        byte[] badTrailer = FakeBmc.SealNext(s, RmcpPayloadType.Sol, [2, 0, 0, 0, .. "bad trailer;"u8]);
        badTrailer[^1] ^= 0x01;
        s.Replay(badTrailer);
        s.SendSol(2, 0);
        bmc.SendInSession(s, RmcpPayloadType.Ipmi, RandomNumberGenerator.GetBytes(40));
        bmc.SendInSession(s, RmcpPayloadType.Ipmi, []);
        // absurd SOL header: sequence and ACK beyond 4 bits, accepted count 255, every status bit but NACK and deactivating
        s.SendSol([0xFF, 0xF7, 0xFF, 0xAF, .. "absurd;"u8]);
        // 3. a flood of retransmissions of one SOL packet: delivered once
        for (int i = 0; i < 500; i++)
        {
            s.SendSol([3, 0, 0, 0, .. "flood;"u8]);
            if (i % 100 == 99)
            {
                await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None);
            }
        }
        // 4. a valid packet of this session sent first from another address: only the BMC's copy counts
        byte[] real = FakeBmc.SealNext(s, RmcpPayloadType.Sol, [4, 0, 0, 0, .. "from the bmc only;"u8]);
        stranger.Send(real, s.Remote);
        s.Replay(real);
        // 5. a valid packet of the other session, readdressed to this one: its AuthCode no longer matches
        byte[] forOther = FakeBmc.SealNext(s2, RmcpPayloadType.Sol, [5, 0, 0, 0, .. "other session;"u8]);
        BinaryPrimitives.WriteUInt32LittleEndian(forOther.AsSpan(6), session.ConsoleSessionId);
        s.Replay(forOther);
        s.SendSol([6, 0, 0, 0, .. "after;"u8]);

        await sink.WaitForAsync("after;", Generous, sol.Completion);
        Assert.Equal("before;absurd;flood;from the bmc only;after;", sink.Text);
        Assert.False(sol.Completion.IsCompleted);
        Assert.True(session.DroppedPackets > droppedBefore);
        Assert.True(endpoint.DroppedDatagrams > 0);
        Assert.Equal(2, endpoint.SessionCount);
        lock (events)
        {
            Assert.DoesNotContain(events, e => e.Level >= LogEventLevel.Error);
        }
        Assert.Equal(0, (await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None)).CompletionCode);
        Assert.Equal(0, (await other.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], CancellationToken.None)).CompletionCode);
    }

    /// <summary>A SOL packet with a valid AuthCode whose decrypted confidentiality pad is wrong.</summary>
    private static byte[] SealedWithBadPadding(FakeBmc.Session s)
    {
        SessionKeys keys = s.Keys!;
        using var aes = Aes.Create();
        aes.Key = keys.K2.AsSpan(0, 16).ToArray();
        byte[] clear = [7, 0, 0, 0, .. "bad pa"u8, 1, 2, 9, 9, 9, 3]; // one block; pad length 3, pad bytes not 01 02 03
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        byte[] payload = [.. iv, .. aes.EncryptCbc(clear, iv, PaddingMode.None)];
        int pad = (4 - ((12 + payload.Length + 2) % 4)) % 4;
        var d = new byte[16 + payload.Length + pad + 2 + 16];
        RmcpFraming.RmcpHeader.CopyTo(d);
        d[4] = RmcpFraming.AuthTypeRmcpPlus;
        d[5] = (byte)RmcpPayloadType.Sol | RmcpFraming.EncryptedBit | RmcpFraming.AuthenticatedBit;
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(6), s.ConsoleId);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(10), s.OutSequence + 1); // not consumed: the next real packet may use it
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(14), (ushort)payload.Length);
        payload.CopyTo(d, 16);
        int p = 16 + payload.Length;
        d.AsSpan(p, pad).Fill(0xFF);
        d[p + pad] = (byte)pad;
        d[p + pad + 1] = 0x07;
        HMACSHA256.HashData(keys.K1, d.AsSpan(4, p + pad + 2 - 4)).AsSpan(0, 16).CopyTo(d.AsSpan(p + pad + 2));
        return d;
    }
}
