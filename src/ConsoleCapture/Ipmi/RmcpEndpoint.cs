using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Serilog;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>Something that receives the datagrams routed to it by an <see cref="RmcpEndpoint"/> (one IPMI session).</summary>
internal interface IRmcpReceiver
{
    /// <summary>
    /// Called on the endpoint's receive loop for each datagram routed here. Must not block: it runs for every
    /// session of the socket.
    /// </summary>
    void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote);
}

/// <summary>
/// One UDP socket shared by many IPMI sessions (thousands of consoles must not mean thousands of sockets or
/// threads): a single receive loop routes each datagram to its session by our session ID (in-session packets,
/// and the console session ID inside Open Session/RAKP replies), or by (BMC address, message tag) for replies
/// that carry no session ID (IPMI 1.5 Get Channel Authentication Capabilities, 2-byte RMCP+ error replies).
/// </summary>
public sealed class RmcpEndpoint : IDisposable
{
    private static readonly Lazy<RmcpEndpoint> SharedLazy = new(() => new RmcpEndpoint());

    private readonly Socket socket;
    private readonly ConcurrentDictionary<uint, IRmcpReceiver> bySessionId = new();
    private readonly ConcurrentDictionary<(IPEndPoint Remote, int Tag), IRmcpReceiver> byTag = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly ILogger log;
    private readonly Task receiveLoop;
    private long dropped;
    private int nextTag;

    /// <summary>The endpoint of the process: every console uses it unless given its own.</summary>
    public static RmcpEndpoint Shared => SharedLazy.Value;

    /// <summary>Opens a dual-stack UDP socket on <paramref name="localPort"/> (0 = any) and starts the receive loop.</summary>
    public RmcpEndpoint(int localPort = 0, ILogger? log = null)
    {
        this.log = (log ?? Log.Logger).ForContext<RmcpEndpoint>();
        socket = OpenSocket(localPort);
        // Bursts of console output from many BMCs arrive at once; a larger buffer avoids drops while the loop is busy.
        socket.ReceiveBufferSize = 4 * 1024 * 1024;
        receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Dual-stack when the host has IPv6; IPv4 only where IPv6 is disabled (some containers).</summary>
    private static Socket OpenSocket(int localPort)
    {
        try
        {
            var dual = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
            try
            {
                dual.Bind(new IPEndPoint(IPAddress.IPv6Any, localPort));
                return dual;
            }
            catch (SocketException)
            {
                dual.Dispose();
                throw;
            }
        }
        catch (SocketException)
        {
            var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            v4.Bind(new IPEndPoint(IPAddress.Any, localPort));
            return v4;
        }
    }

    /// <summary>Datagrams that reached no session (late replies, closed sessions, strangers).</summary>
    public long DroppedDatagrams => Interlocked.Read(ref dropped);

    /// <summary>Number of sessions (handshaking or established) registered right now.</summary>
    public int SessionCount => bySessionId.Count;

    /// <summary>Registers a receiver under a new random, unique, non-zero session ID (our "console session ID").</summary>
    internal uint RegisterSession(IRmcpReceiver receiver)
    {
        while (true)
        {
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(RandomNumberGenerator.GetBytes(4));
            if (id != 0 && bySessionId.TryAdd(id, receiver))
            {
                return id;
            }
        }
    }

    /// <summary>Stops routing to a session ID.</summary>
    internal void UnregisterSession(uint id) => bySessionId.TryRemove(id, out _);

    /// <summary>
    /// Reserves a tag for replies without a session ID from <paramref name="remote"/>; <paramref name="sixBits"/> for
    /// IPMI 1.5 rqSeq (6 bits), else an RMCP+ message tag (8 bits).
    /// </summary>
    internal int RegisterTag(IPEndPoint remote, IRmcpReceiver receiver, bool sixBits)
    {
        IPEndPoint key = Normalize(remote);
        for (int i = 0; i < 512; i++)
        {
            int raw = Interlocked.Increment(ref nextTag);
            int tag = sixBits ? 0x100 | (raw & 0x3F) : raw & 0xFF;
            if (byTag.TryAdd((key, tag), receiver))
            {
                return tag & 0xFF;
            }
        }
        throw new IpmiException($"too many IPMI handshakes in flight to {remote}; retry later");
    }

    /// <summary>Releases a tag from <see cref="RegisterTag"/>.</summary>
    internal void UnregisterTag(IPEndPoint remote, int tag, bool sixBits) =>
        byTag.TryRemove((Normalize(remote), sixBits ? 0x100 | tag : tag), out _);

    /// <summary>Sends one datagram (UDP sends do not block for long; no lock needed, the socket is thread-safe).</summary>
    internal void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, remote);
        }
        catch (SocketException e)
        {
            // A send error (no route, ICMP unreachable remembered by the kernel) looks like a lost packet to the
            // session, which retries and times out with a clear message.
            log.Debug("UDP send to {Remote} failed: {Error}", remote, e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // The endpoint is closing (a bench or test disposing it under live sessions): the datagram is as good as
            // lost. Thrown, it escaped the receive loop as an Error (a SOL ACK) or a retransmit timer (a crash).
            log.Debug("UDP send to {Remote} dropped: the endpoint is closed", remote);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                log.Debug("UDP receive error {Error}", e.SocketErrorCode);
                continue;
            }
            var remote = Normalize((IPEndPoint)r.RemoteEndPoint);
            try
            {
                Dispatch(buffer.AsSpan(0, r.ReceivedBytes), remote);
            }
            catch (Exception e)
            {
                // One broken session must not stop the loop that serves all the others.
                log.Error(e, "IPMI session failed to handle a datagram from {Remote}", remote);
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> d, IPEndPoint remote)
    {
        IRmcpReceiver? receiver = null;
        if (RmcpFraming.IsIpmi(d))
        {
            if (d[4] == 0x00)
            {
                ReadOnlySpan<byte> m = RmcpFraming.V15Message(d);
                if (m.Length >= 8)
                {
                    byTag.TryGetValue((remote, 0x100 | (m[4] >> 2)), out receiver);
                }
            }
            else if (d[4] == RmcpFraming.AuthTypeRmcpPlus && d.Length >= RmcpFraming.RmcpPlusPayloadOffset)
            {
                var type = (RmcpPayloadType)(d[5] & 0x3F);
                if (type is RmcpPayloadType.OpenSessionResponse or RmcpPayloadType.Rakp2 or RmcpPayloadType.Rakp4)
                {
                    ReadOnlySpan<byte> p = RmcpFraming.PreSessionPayload(d, out _);
                    if (p.Length >= 8 && BinaryPrimitives.ReadUInt32LittleEndian(p[4..]) is var sid and not 0)
                    {
                        bySessionId.TryGetValue(sid, out receiver);
                    }
                    else if (p.Length >= 1)
                    {
                        byTag.TryGetValue((remote, p[0]), out receiver);
                    }
                }
                else
                {
                    bySessionId.TryGetValue(RmcpFraming.SessionId(d), out receiver);
                }
            }
        }
        if (receiver is null)
        {
            Interlocked.Increment(ref dropped);
            return;
        }
        receiver.OnDatagram(d, remote);
    }

    private static IPEndPoint Normalize(IPEndPoint e) =>
        e.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(e.Address.MapToIPv4(), e.Port) : e;

    /// <summary>Stops the receive loop and closes the socket.</summary>
    public void Dispose()
    {
        stopping.Cancel();
        socket.Dispose();
        try
        {
            receiveLoop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // the loop ends with the socket; nothing to report
        }
        stopping.Dispose();
    }
}
