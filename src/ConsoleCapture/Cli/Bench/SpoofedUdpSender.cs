using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// Sends UDP datagrams to a loopback port from any source address of 127.0.0.0/8, as an attacker spoofing source
/// addresses would. With a raw socket (root, or CAP_NET_RAW) each datagram's IP header is written here, so a
/// million sources cost nothing; otherwise a socket is bound to each source address in turn (the whole of
/// 127.0.0.0/8 is local on Linux), which is slower but reaches the same listener the same way.
/// </summary>
internal sealed class SpoofedUdpSender : IDisposable
{
    private const int IpHeader = 20, UdpHeader = 8;
    private readonly Socket? _raw;
    private readonly IPEndPoint _target;
    private readonly byte[] _packet = new byte[IpHeader + UdpHeader + 1500];

    /// <summary>Opens the raw socket if allowed.</summary>
    public SpoofedUdpSender(int port)
    {
        _target = new IPEndPoint(IPAddress.Loopback, port);
        try
        {
            _raw = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw);
            _raw.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.HeaderIncluded, true);
        }
        catch (SocketException)
        {
            _raw?.Dispose();
            _raw = null;
        }
    }

    /// <summary>"raw IP socket" or "one bound socket per source", for the report.</summary>
    public string Method => _raw is null ? "one bound socket per source address" : "raw IP socket (IP_HDRINCL)";

    /// <summary>Sends <paramref name="payload"/> (at most 1,500 bytes) to the port from <paramref name="source"/>:<paramref name="sourcePort"/>.</summary>
    public void Send(uint source, ushort sourcePort, ReadOnlySpan<byte> payload)
    {
        if (_raw is null)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(new IPAddress(BinaryPrimitives.ReverseEndianness(source)), 0));
            s.SendTo(payload, _target);
            return;
        }
        int length = IpHeader + UdpHeader + payload.Length;
        Span<byte> p = _packet.AsSpan(0, length);
        p.Clear();
        p[0] = 0x45; // IPv4, 5-word header
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], (ushort)length);
        p[6] = 0x40; // don't fragment
        p[8] = 64; // TTL
        p[9] = (byte)ProtocolType.Udp;
        BinaryPrimitives.WriteUInt32BigEndian(p[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(p[16..], 0x7F000001);
        BinaryPrimitives.WriteUInt16BigEndian(p[10..], Checksum(p[..IpHeader]));
        BinaryPrimitives.WriteUInt16BigEndian(p[20..], sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(p[22..], (ushort)_target.Port);
        BinaryPrimitives.WriteUInt16BigEndian(p[24..], (ushort)(UdpHeader + payload.Length));
        // UDP checksum 0: none (allowed over IPv4).
        payload.CopyTo(p[(IpHeader + UdpHeader)..]);
        _raw.SendTo(p, _target);
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    public void Dispose() => _raw?.Dispose();
}
