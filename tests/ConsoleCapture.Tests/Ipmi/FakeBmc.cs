using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// A hand-written RMCP+ BMC on 127.0.0.1 for what ipmi_sim cannot show on demand: SHA-256 suites, downgrade
/// answers, partial ACKs, NACKs, silence, replays, "SOL deactivating". Serves many sessions (by BMC session ID).
/// Its RAKP side uses the production RakpCrypto: suite 3 is checked against ipmi_sim and suite 17's primitives
/// against Python, so this fake tests the protocol logic, not the cryptography.
/// </summary>
public sealed class FakeBmc : IDisposable
{
    private readonly UdpClient udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<uint, Session> sessions = new();
    private readonly Task loop;

    public FakeBmc()
    {
        loop = Task.Run(LoopAsync);
    }

    public int Port => ((IPEndPoint)udp.Client.LocalEndPoint!).Port;

    public string Password { get; init; } = "fakepass";

    /// <summary>The one user the fake knows; RAKP1 for another name is refused (RAKP2 status 0x0D, unauthorized name).</summary>
    public string UserName { get; init; } = "admin";

    /// <summary>Announce a BMC key Kg in Get Channel Authentication Capabilities (the fake itself uses none).</summary>
    public bool AnnouncesKg { get; init; }

    /// <summary>Algorithms the fake answers Open Session with, whatever was asked (null = what was asked).</summary>
    public CipherSuite? AnswerSuite { get; init; }

    /// <summary>Suites the fake refuses with status 0x11 (no cipher suite match).</summary>
    public IReadOnlySet<int> RefusedSuites { get; init; } = new HashSet<int>();

    /// <summary>How the fake answers a SOL packet from the console; default: ACK everything. Return null to stay silent.</summary>
    public Func<Session, byte[], byte[]?> OnSolData { get; set; } = (_, p) => [0, p[0], (byte)(p.Length - 4), 0];

    /// <summary>Successful Activate Payload responses to lose (the activation happens, the console never hears of it).</summary>
    public int DropActivateResponses { get; set; }

    /// <summary>Send a "SOL deactivating" status to the session holding SOL before answering Deactivate Payload.</summary>
    public bool SolDeactivatingOnDeactivate { get; init; }

    /// <summary>Called before the fake answers a session's Close Session (to send that session something first).</summary>
    public Action<Session>? BeforeCloseSessionReply { get; set; }

    /// <summary>RAKP3 payloads received (to check what a console sent after a failed RAKP2 check).</summary>
    public ConcurrentQueue<byte[]> Rakp3Received { get; } = new();

    public IReadOnlyCollection<Session> Sessions => sessions.Values.ToArray();

    /// <summary>
    /// Hostile variants to send, from the BMC's own address, just before each reply outside a session (Get Channel
    /// Authentication Capabilities, Open Session, RAKP2, RAKP4): what a broken BMC or a spoofer would put first.
    /// </summary>
    public Func<byte[], IEnumerable<byte[]>>? BeforeEachSetupReply { get; set; }

    /// <summary>Every reply sent outside a session (the real messages of a login), in order.</summary>
    public ConcurrentQueue<byte[]> SetupRepliesSent { get; } = new();

    /// <summary>The fake's own address (what the console sees as the BMC's source).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)udp.Client.LocalEndPoint!;

    public IpmiSessionOptions Options(params int[] suites) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        UserName = "admin",
        Password = "fakepass",
        CipherSuites = suites.Length == 0 ? [17, 3] : suites,
        RequestTimeout = TimeSpan.FromMilliseconds(500),
    };

    public sealed class Session
    {
        internal Session(FakeBmc bmc, uint bmcId, uint consoleId, CipherSuite suite, IPEndPoint remote)
        {
            Bmc = bmc;
            BmcId = bmcId;
            ConsoleId = consoleId;
            Suite = suite;
            Remote = remote;
        }

        public FakeBmc Bmc { get; }
        public uint BmcId { get; }
        public uint ConsoleId { get; }
        public CipherSuite Suite { get; }
        internal IPEndPoint Remote { get; }
        internal byte Role { get; set; }
        internal byte[] ConsoleRandom { get; set; } = [];
        internal byte[] BmcRandom { get; } = RandomNumberGenerator.GetBytes(16);
        internal byte[] UserName { get; set; } = [];
        internal SessionCipher? Cipher { get; set; }
        internal SessionKeys? Keys { get; set; }
        internal uint OutSequence { get; set; }
        public bool SolActive { get; internal set; }
        internal int LastSolSequence { get; set; }

        /// <summary>SOL payloads received from the console, in order (including retransmissions).</summary>
        public ConcurrentQueue<byte[]> SolReceived { get; } = new();

        /// <summary>Datagrams sent to the console, to replay them.</summary>
        public ConcurrentQueue<byte[]> Sent { get; } = new();

        /// <summary>Text the console typed, assembled from the accepted characters of each new SOL packet.</summary>
        public StringBuilder Typed { get; } = new();

        /// <summary>Sends a SOL payload to the console.</summary>
        public void SendSol(params byte[] payload) => Bmc.SendInSession(this, RmcpPayloadType.Sol, payload);

        /// <summary>Sends a raw datagram again (a replay).</summary>
        public void Replay(byte[] datagram) => Bmc.udp.Send(datagram, Remote);
    }

    private async Task LoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult r;
            try
            {
                r = await udp.ReceiveAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            try
            {
                Handle(r.Buffer, r.RemoteEndPoint);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
            {
                // a fake BMC ignores what it does not understand, like a real one
            }
        }
    }

    private void Handle(byte[] d, IPEndPoint from)
    {
        if (d[4] == 0x00)
        {
            // Get Channel Authentication Capabilities: v2.0 extended data, non-null user names
            byte[] req = d[14..(14 + d[13])];
            SendSetup(RmcpFraming.BuildV15(Response(req, 0x00, [0x01, 0x80 | 0x04, (byte)(0x04 | (AnnouncesKg ? 0x20 : 0)), 0x02, 0, 0, 0, 0])), from);
            return;
        }
        var type = (RmcpPayloadType)(d[5] & 0x3F);
        byte[] p = RmcpFraming.PreSessionPayload(d, out _).ToArray();
        switch (type)
        {
            case RmcpPayloadType.OpenSessionRequest:
                OpenSession(p, from);
                return;
            case RmcpPayloadType.Rakp1:
                Rakp1(p, from);
                return;
            case RmcpPayloadType.Rakp3:
                Rakp3(p, from);
                return;
        }
        if (!sessions.TryGetValue(RmcpFraming.SessionId(d), out Session? s) || s.Cipher is null)
        {
            return;
        }
        if (s.Cipher.TryOpen(d, out RmcpPayloadType t, out _, out byte[] clear) != OpenFailure.None)
        {
            return;
        }
        if (t == RmcpPayloadType.Ipmi)
        {
            HandleIpmi(s, clear);
        }
        else if (t == RmcpPayloadType.Sol)
        {
            s.SolReceived.Enqueue(clear);
            if (clear.Length > 4 && (clear[0] & 0x0F) != 0)
            {
                byte[]? answer = OnSolData(s, clear);
                if (answer is not null)
                {
                    int accepted = answer[2] == 0 && (answer[3] & 0x40) == 0 ? clear.Length - 4 : answer[2];
                    lock (s.Typed)
                    {
                        if ((clear[0] & 0x0F) != s.LastSolSequence)
                        {
                            s.Typed.Append(Encoding.ASCII.GetString(clear, 4, accepted));
                        }
                        s.LastSolSequence = clear[0] & 0x0F;
                    }
                    s.SendSol(answer);
                }
            }
        }
    }

    private void OpenSession(byte[] p, IPEndPoint from)
    {
        var asked = new CipherSuite(-1, (AuthenticationAlgorithm)p[12], (IntegrityAlgorithm)p[20], (ConfidentialityAlgorithm)p[28]);
        CipherSuite? known = CipherSuite.Supported.FirstOrDefault(c => c with { Id = -1 } == asked);
        if (known is null || RefusedSuites.Contains(known.Id))
        {
            SendSetup(RmcpFraming.BuildPreSession(RmcpPayloadType.OpenSessionResponse, [p[0], 0x11]), from);
            return;
        }
        CipherSuite answer = AnswerSuite ?? known;
        uint consoleId = BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(4));
        uint bmcId = (uint)Random.Shared.Next(1, int.MaxValue);
        sessions[bmcId] = new Session(this, bmcId, consoleId, known, from);
        var m = new byte[36];
        m[0] = p[0];
        m[2] = p[1];
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), consoleId);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(8), bmcId);
        m[12] = 0x00; m[15] = 8; m[16] = (byte)answer.Authentication;
        m[20] = 0x01; m[23] = 8; m[24] = (byte)answer.Integrity;
        m[28] = 0x02; m[31] = 8; m[32] = (byte)answer.Confidentiality;
        SendSetup(RmcpFraming.BuildPreSession(RmcpPayloadType.OpenSessionResponse, m), from);
    }

    private static readonly byte[] Guid = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");

    private static RakpTranscript Transcript(Session s) => new(s.ConsoleId, s.BmcId, s.ConsoleRandom, s.BmcRandom, Guid, s.Role, s.UserName);

    private void Rakp1(byte[] p, IPEndPoint from)
    {
        Session s = sessions[BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(4))];
        s.ConsoleRandom = p[8..24];
        s.Role = p[24];
        s.UserName = p[28..(28 + p[27])];
        if (Encoding.UTF8.GetString(s.UserName) != UserName)
        {
            var refusal = new byte[8];
            refusal[0] = p[0];
            refusal[1] = 0x0D;
            BinaryPrimitives.WriteUInt32LittleEndian(refusal.AsSpan(4), s.ConsoleId);
            sessions.TryRemove(s.BmcId, out _);
            SendSetup(RmcpFraming.BuildPreSession(RmcpPayloadType.Rakp2, refusal), from);
            return;
        }
        byte[] keac = RakpCrypto.Rakp2KeyExchangeAuthCode(s.Suite.Authentication, Encoding.UTF8.GetBytes(Password), Transcript(s));
        var m = new byte[40 + keac.Length];
        m[0] = p[0];
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), s.ConsoleId);
        s.BmcRandom.CopyTo(m, 8);
        Guid.CopyTo(m, 24);
        keac.CopyTo(m, 40);
        SendSetup(RmcpFraming.BuildPreSession(RmcpPayloadType.Rakp2, m), from);
    }

    private void Rakp3(byte[] p, IPEndPoint from)
    {
        Rakp3Received.Enqueue(p);
        Session s = sessions[BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(4))];
        if (p[1] != 0)
        {
            sessions.TryRemove(s.BmcId, out _);
            return;
        }
        byte[] password = Encoding.UTF8.GetBytes(Password);
        byte[] expected = RakpCrypto.Rakp3AuthCode(s.Suite.Authentication, password, Transcript(s));
        var m = new byte[8 + RakpCrypto.IcvLength(s.Suite.Authentication)];
        m[0] = p[0];
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), s.ConsoleId);
        if (!expected.AsSpan().SequenceEqual(p.AsSpan(8)))
        {
            m[1] = 0x0F;
            SendSetup(RmcpFraming.BuildPreSession(RmcpPayloadType.Rakp4, m.AsSpan(0, 8)), from);
            return;
        }
        SessionKeys keys = RakpCrypto.DeriveKeys(s.Suite.Authentication, password, Transcript(s));
        RakpCrypto.Rakp4IntegrityCheckValue(s.Suite.Authentication, keys.Sik, Transcript(s)).CopyTo(m, 8);
        s.Cipher = new SessionCipher(s.Suite, keys);
        s.Keys = keys;
        SendSetup(RmcpFraming.BuildPreSession(RmcpPayloadType.Rakp4, m), from);
    }

    private void HandleIpmi(Session s, byte[] req)
    {
        byte netFn = (byte)(req[1] >> 2);
        byte cmd = req[5];
        byte[] data = req[6..^1];
        byte[] answer = (netFn, cmd) switch
        {
            (0x06, IpmiCommands.SetSessionPrivilegeLevel) => [0x00, data[0]],
            (0x06, IpmiCommands.GetDeviceId) => [0x00, 0x20, 0x01, 0x01, 0x02, 0x02, 0x9F, 0, 0, 0, 0, 0],
            (0x06, IpmiCommands.ActivatePayload) => Activate(s),
            (0x06, IpmiCommands.DeactivatePayload) => Deactivate(),
            (0x06, IpmiCommands.GetPayloadInstanceInfo) => InstanceInfo(),
            (0x06, IpmiCommands.CloseSession) => Close(s),
            _ => [0xC1],
        };
        if (cmd == IpmiCommands.ActivatePayload && answer[0] == 0 && DropActivateResponses > 0)
        {
            DropActivateResponses--;
            return;
        }
        SendInSession(s, RmcpPayloadType.Ipmi, Response(req, answer[0], answer[1..]));
    }

    private byte[] Activate(Session s)
    {
        if (sessions.Values.Any(x => x.SolActive))
        {
            return [0x80];
        }
        s.SolActive = true;
        var r = new byte[13];
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(5), 32 + 4); // 32 characters per packet
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(7), 255 + 4);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(9), (ushort)Port);
        r[11] = 0xFF;
        r[12] = 0xFF;
        return r;
    }

    private byte[] Deactivate()
    {
        foreach (Session x in sessions.Values)
        {
            if (x.SolActive && SolDeactivatingOnDeactivate)
            {
                x.SendSol(0, 0, 0, 0x10);
            }
            x.SolActive = false;
        }
        return [0x00];
    }

    private byte[] InstanceInfo()
    {
        var r = new byte[13];
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(1), sessions.Values.FirstOrDefault(x => x.SolActive)?.BmcId ?? 0);
        return r;
    }

    private byte[] Close(Session s)
    {
        BeforeCloseSessionReply?.Invoke(s);
        s.SolActive = false;
        sessions.TryRemove(s.BmcId, out _);
        return [0x00];
    }

    private static byte[] Response(byte[] req, byte cc, byte[] data)
    {
        var m = new byte[8 + data.Length];
        m[0] = IpmiLanMessage.ConsoleAddress;
        m[1] = (byte)(((req[1] >> 2) + 1) << 2);
        m[2] = IpmiLanMessage.Checksum(m.AsSpan(0, 2));
        m[3] = IpmiLanMessage.BmcAddress;
        m[4] = req[4];
        m[5] = req[5];
        m[6] = cc;
        data.CopyTo(m, 7);
        m[^1] = IpmiLanMessage.Checksum(m.AsSpan(3, m.Length - 4));
        return m;
    }

    internal void SendInSession(Session s, RmcpPayloadType type, byte[] payload)
    {
        byte[] d = SealNext(s, type, payload);
        s.Sent.Enqueue(d);
        Send(d, s.Remote);
    }

    /// <summary>Seals a payload with the session's next sequence number without sending it (to send it from elsewhere).</summary>
    internal static byte[] SealNext(Session s, RmcpPayloadType type, byte[] payload)
    {
        lock (s)
        {
            s.OutSequence++;
            return s.Cipher!.Seal(type, s.ConsoleId, s.OutSequence, payload);
        }
    }

    private void SendSetup(byte[] d, IPEndPoint to)
    {
        foreach (byte[] hostile in BeforeEachSetupReply?.Invoke(d) ?? [])
        {
            Send(hostile, to);
        }
        SetupRepliesSent.Enqueue(d);
        Send(d, to);
    }

    private void Send(byte[] d, IPEndPoint to) => udp.Send(d, to);

    public void Dispose()
    {
        stop.Cancel();
        udp.Dispose();
        loop.Wait(TimeSpan.FromSeconds(2));
        stop.Dispose();
    }
}
