using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Serilog;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// One authenticated RMCP+ session with a BMC over a shared <see cref="RmcpEndpoint"/>: Get Channel
/// Authentication Capabilities, Open Session, RAKP 1-4, Set Session Privilege Level; then IPMI requests
/// (with retransmission) and SOL payloads, sealed with the negotiated suite; Close Session on dispose.
/// No thread of its own: replies arrive on the endpoint's receive loop, waits are timers.
/// </summary>
public sealed partial class IpmiSession : IRmcpReceiver, IAsyncDisposable
{
    private readonly RmcpEndpoint endpoint;
    private readonly IpmiSessionOptions options;
    private readonly IPEndPoint remote;
    private readonly ILogger log;
    private readonly ConcurrentDictionary<byte, PendingRequest> pending = new();

    // Guards the cipher (one AES instance), the inbound window and the handshake reply slots: touched by the
    // receive loop and by senders on any thread.
    private readonly Lock gate = new();
    private readonly SequenceWindow window = new();
    private SessionCipher? cipher;
    private TaskCompletionSource<byte[]>? setupReply;
    private RmcpPayloadType setupExpected;
    private int setupFullLength;
    private Func<byte[], SetupRefusal?>? setupJudge;
    private SetupRefusal? setupRefusal;
    private bool setupKeyExchangeCheckFailed;
    private TaskCompletionSource<IpmiResponse>? v15Reply;
    private byte v15Command;
    private Func<IpmiResponse, IpmiException?>? v15Judge;
    private IpmiException? v15Refusal;
    private uint outboundSequence;
    private int rqSeqCounter;
    private long droppedPackets;
    private int disposed;
    private Action<byte[]>? solHandler;
    private bool bmcReportsKg;

    private IpmiSession(RmcpEndpoint endpoint, IpmiSessionOptions options, IPEndPoint remote, ILogger log)
    {
        this.endpoint = endpoint;
        this.options = options;
        this.remote = remote;
        this.log = log;
        Suite = CipherSuite.Suite0;
    }

    /// <summary>The cipher suite this session negotiated.</summary>
    public CipherSuite Suite { get; private set; }

    /// <summary>The session ID the BMC gave us (what it reports as the SOL owner).</summary>
    public uint BmcSessionId { get; private set; }

    /// <summary>Our session ID (the BMC sends it in every packet to us).</summary>
    public uint ConsoleSessionId { get; private set; }

    /// <summary>"host:port" of the BMC.</summary>
    public string Endpoint => options.Endpoint;

    /// <summary>Packets dropped by the integrity, decryption or sequence checks.</summary>
    public long DroppedPackets => Interlocked.Read(ref droppedPackets);

    internal IpmiSessionOptions Options => options;

    /// <summary>Where SOL payloads (decrypted, verified) go; set by the SOL connection that owns the session.</summary>
    internal void SetSolHandler(Action<byte[]>? handler) => Volatile.Write(ref solHandler, handler);

    /// <summary>Logs in to the BMC; throws <see cref="IpmiException"/> with an actionable message when it cannot.</summary>
    public static async Task<IpmiSession> OpenAsync(IpmiSessionOptions options, RmcpEndpoint? endpoint = null, ILogger? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        endpoint ??= RmcpEndpoint.Shared;
        log = (log ?? Log.Logger).ForContext<IpmiSession>();
        IPEndPoint remote = await ResolveAsync(options, cancellationToken);
        var session = new IpmiSession(endpoint, options, remote, log);
        try
        {
            await session.GetChannelAuthCapabilitiesAsync(cancellationToken);
            await session.NegotiateAsync(cancellationToken);
            await session.SetPrivilegeAsync(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private static async Task<IPEndPoint> ResolveAsync(IpmiSessionOptions options, CancellationToken ct)
    {
        if (IPAddress.TryParse(options.Host, out IPAddress? address))
        {
            // The endpoint reports every sender as plain IPv4 (it unmaps ::ffff:a.b.c.d), and the source check compares
            // with this address: a host written as an IPv4-mapped IPv6 address never matched, and every reply was dropped.
            return new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, options.Port);
        }
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(options.Host, ct);
        }
        catch (SocketException e)
        {
            throw new IpmiException($"BMC host '{options.Host}' cannot be resolved ({e.SocketErrorCode}); check the console's host", e);
        }
        IPAddress chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new IpmiException($"BMC host '{options.Host}' has no address; check the console's host");
        return new IPEndPoint(chosen.IsIPv4MappedToIPv6 ? chosen.MapToIPv4() : chosen, options.Port);
    }

    private async Task GetChannelAuthCapabilitiesAsync(CancellationToken ct)
    {
        byte priv = (byte)options.Privilege;
        // 0x80 asks for the IPMI 2.0 extended data; IPMI 1.5-era BMCs answer it with an error, so ask again without.
        // That error ends the first ask at once (spoofed, it costs only the IPMI 2.0 check); what would fail the
        // login is set aside like a setup refusal (JudgeChannelAuthCapabilities).
        IpmiResponse r = await V15RequestAsync(IpmiCommands.GetChannelAuthCapabilities, [0x8E, priv],
            reply => reply.CompletionCode != 0 ? null : JudgeChannelAuthCapabilities(reply), ct);
        if (r.CompletionCode != 0)
        {
            r = await V15RequestAsync(IpmiCommands.GetChannelAuthCapabilities, [0x0E, priv], JudgeChannelAuthCapabilities, ct);
        }
        bmcReportsKg = (r.Data[2] & 0x20) != 0;
    }

    /// <summary>Why a Get Channel Authentication Capabilities answer fails the login (null: go on with it).</summary>
    private IpmiException? JudgeChannelAuthCapabilities(IpmiResponse r)
    {
        if (r.CompletionCode != 0 || r.Data.Length < 4)
        {
            return new IpmiException($"BMC {Endpoint} refused Get Channel Authentication Capabilities (completion code 0x{r.CompletionCode:X2}); is IPMI over LAN enabled on it?");
        }
        bool extended = (r.Data[1] & 0x80) != 0;
        if (extended && (r.Data[3] & 0x02) == 0)
        {
            return new IpmiException($"BMC {Endpoint} does not offer IPMI 2.0 (RMCP+/lanplus), which SolWatch needs for SOL; enable IPMI 2.0 on the BMC");
        }
        if ((r.Data[2] & 0x20) != 0 && options.BmcKey is null)
        {
            return new IpmiException($"BMC {Endpoint} has a BMC key (Kg) set; configure it for this console (kgEnv or kgFile; solwatch power --host: --kg-env or --kg-file) or clear it on the BMC");
        }
        return null;
    }

    /// <summary>
    /// An IPMI 1.5 request outside a session, retried on timeout. An answer <paramref name="judge"/> finds something
    /// against is set aside and the wait goes on (as in <see cref="ExchangeSetupAsync"/>); only when the timeout passes
    /// without an answer to go on with is it thrown.
    /// </summary>
    private async Task<IpmiResponse> V15RequestAsync(byte command, byte[] data, Func<IpmiResponse, IpmiException?> judge, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            int tag = endpoint.RegisterTag(remote, this, sixBits: true);
            var reply = new TaskCompletionSource<IpmiResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                v15Reply = reply;
                v15Command = command;
                v15Judge = judge;
                v15Refusal = null;
            }
            try
            {
                endpoint.Send(RmcpFraming.BuildV15(IpmiLanMessage.EncodeRequest(IpmiCommands.NetFnApp, command, (byte)tag, data)), remote);
                return await reply.Task.WaitAsync(options.RequestTimeout, ct);
            }
            catch (TimeoutException e)
            {
                lock (gate)
                {
                    if (v15Refusal is not null)
                    {
                        throw v15Refusal;
                    }
                }
                if (attempt >= options.HandshakeAttempts)
                {
                    throw new IpmiException(
                        $"BMC {Endpoint} does not answer on UDP (no reply to Get Channel Authentication Capabilities after {attempt} tries): " +
                        "check the host and port, that the BMC is up and that IPMI over LAN is enabled", e);
                }
            }
            finally
            {
                lock (gate)
                {
                    v15Reply = null;
                    v15Judge = null;
                    v15Refusal = null;
                }
                endpoint.UnregisterTag(remote, tag, sixBits: true);
            }
        }
    }

    private async Task NegotiateAsync(CancellationToken ct)
    {
        var refusals = new List<string>();
        foreach (int id in options.CipherSuites)
        {
            CipherSuite suite = CipherSuite.FromId(id);
            if (!suite.IsSecure)
            {
                log.Warning("IPMI console {Endpoint}: logging in with insecure cipher suite {Suite} (no authentication, integrity or encryption) because insecure suites are allowed for it",
                    Endpoint, suite.Id);
            }
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    string? refusal = await TryHandshakeAsync(suite, ct);
                    if (refusal is null)
                    {
                        return;
                    }
                    refusals.Add($"suite {id}: {refusal}");
                    break;
                }
                catch (TimeoutException) when (attempt < options.HandshakeAttempts)
                {
                    // BMCs do not take kindly to a repeated RAKP1 or RAKP3: start again from Open Session, new session ID.
                    log.Debug("IPMI console {Endpoint}: session setup timed out (attempt {Attempt}), starting again", Endpoint, attempt);
                }
                catch (TimeoutException e)
                {
                    throw new IpmiException($"BMC {Endpoint} stopped answering during session setup ({attempt} attempts); is the BMC overloaded or out of sessions?", e);
                }
            }
        }
        throw new IpmiException(
            $"BMC {Endpoint} accepts none of the allowed cipher suites ({string.Join("; ", refusals)}); " +
            "allow another suite for this console (17 or 3) or enable one on the BMC");
    }

    /// <summary>One Open Session → RAKP4 exchange. Returns null on success, a reason when the BMC does not do this suite.</summary>
    private async Task<string?> TryHandshakeAsync(CipherSuite suite, CancellationToken ct)
    {
        uint sid = endpoint.RegisterSession(this);
        ConsoleSessionId = sid;
        int tag = endpoint.RegisterTag(remote, this, sixBits: false);
        bool established = false;
        try
        {
            SetupAnswer opened = await ExchangeSetupAsync(
                RmcpPayloadType.OpenSessionRequest, RakpMessages.EncodeOpenSessionRequest((byte)tag, options.Privilege, sid, suite),
                RmcpPayloadType.OpenSessionResponse, RakpMessages.OpenSessionResponseLength, reply => JudgeOpenSession(reply, suite, sid), ct);
            if (opened.Refusal is { } notOpened)
            {
                return notOpened.OtherSuiteMayWork ? notOpened.Error.Message : throw notOpened.Error;
            }
            BmcSessionId = RakpMessages.TryDecodeOpenSessionResponse(opened.Reply)!.BmcSessionId;

            byte[] consoleRandom = RandomNumberGenerator.GetBytes(16);
            // role = privilege | 0x10 (name-only lookup, what ipmitool does); every HMAC hashes this exact byte
            byte role = (byte)((byte)options.Privilege | 0x10);
            byte[] user = Encoding.UTF8.GetBytes(options.UserName);
            uint bmcSid = BmcSessionId;
            RakpTranscript TranscriptOf(Rakp2 r) => new(sid, bmcSid, consoleRandom, r.BmcRandom, r.BmcGuid, role, user);
            int keacLength = RakpCrypto.KeacLength(suite.Authentication);
            SetupAnswer second = await ExchangeSetupAsync(
                RmcpPayloadType.Rakp1, RakpMessages.EncodeRakp1((byte)tag, BmcSessionId, consoleRandom, role, user),
                RmcpPayloadType.Rakp2, 40 + keacLength, reply => JudgeRakp2(reply, suite, TranscriptOf), ct);
            if (second.Refusal is { } notProven)
            {
                if (second.KeyExchangeCheckFailed)
                {
                    // Only now that no RAKP2 proved the password do we tell the BMC we give up, with no proof: a RAKP3
                    // auth code after a failed RAKP2 check would hand an impostor BMC material to attack the password with.
                    endpoint.Send(RmcpFraming.BuildPreSession(RmcpPayloadType.Rakp3, RakpMessages.EncodeRakp3((byte)tag, 0x0F, BmcSessionId, [])), remote);
                }
                throw notProven.Error;
            }
            // the RAKP2 that passed the check: our proof and the keys come from its transcript only
            RakpTranscript transcript = TranscriptOf(RakpMessages.TryDecodeRakp2(second.Reply, keacLength)!);
            byte[] password = Encoding.UTF8.GetBytes(options.Password);
            SessionKeys keys = new([], [], []);
            byte[] authCode = [];
            if (suite.Authentication != AuthenticationAlgorithm.None)
            {
                authCode = RakpCrypto.Rakp3AuthCode(suite.Authentication, password, transcript);
                keys = RakpCrypto.DeriveKeys(suite.Authentication, options.BmcKey ?? password, transcript);
            }
            SetupAnswer fourth = await ExchangeSetupAsync(
                RmcpPayloadType.Rakp3, RakpMessages.EncodeRakp3((byte)tag, 0, BmcSessionId, authCode),
                RmcpPayloadType.Rakp4, 8 + RakpCrypto.IcvLength(suite.Authentication), reply => JudgeRakp4(reply, suite, keys, transcript), ct);
            if (fourth.Refusal is { } notEstablished)
            {
                throw notEstablished.Error;
            }
            lock (gate)
            {
                cipher = new SessionCipher(suite, keys);
                outboundSequence = 0;
            }
            Suite = suite;
            established = true;
            return null;
        }
        finally
        {
            endpoint.UnregisterTag(remote, tag, sixBits: false);
            if (!established)
            {
                endpoint.UnregisterSession(sid);
            }
        }
    }

    private IpmiException Malformed(string what) => new($"BMC {Endpoint} sent a malformed {what}; this BMC may need a workaround (report it with a packet capture)");

    private async Task SetPrivilegeAsync(CancellationToken ct)
    {
        IpmiResponse r = await RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.SetSessionPrivilegeLevel, [(byte)options.Privilege], ct);
        if (r.CompletionCode != 0)
        {
            throw new IpmiAuthenticationException(
                $"BMC {Endpoint} refused privilege {options.Privilege} for user {options.UserName} (Set Session Privilege Level, completion code 0x{r.CompletionCode:X2}); lower the console's privilege");
        }
    }
}
