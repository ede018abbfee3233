using System.Buffers.Binary;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// RMCP and session headers. Outside a session only two kinds of datagrams exist: IPMI 1.5 unauthenticated
/// (Get Channel Authentication Capabilities) and RMCP+ session setup payloads (Open Session, RAKP); both carry
/// session ID 0.
/// </summary>
internal static class RmcpFraming
{
    /// <summary>RMCP version 1.0, reserved, sequence FF (no RMCP ACK), class 07 (IPMI).</summary>
    public static ReadOnlySpan<byte> RmcpHeader => [0x06, 0x00, 0xFF, 0x07];

    /// <summary>Auth type byte of an RMCP+ (IPMI 2.0) session header.</summary>
    public const byte AuthTypeRmcpPlus = 0x06;

    /// <summary>Payload type bit: the payload is encrypted.</summary>
    public const byte EncryptedBit = 0x80;

    /// <summary>Payload type bit: the packet has an integrity trailer.</summary>
    public const byte AuthenticatedBit = 0x40;

    /// <summary>Offset of the payload in an RMCP+ datagram (RMCP 4 + auth type, payload type, SID 4, seq 4, length 2).</summary>
    public const int RmcpPlusPayloadOffset = 16;

    /// <summary>IPMI 1.5 datagram without authentication, session 0: for Get Channel Authentication Capabilities.</summary>
    public static byte[] BuildV15(ReadOnlySpan<byte> ipmiMessage)
    {
        var d = new byte[4 + 1 + 4 + 4 + 1 + ipmiMessage.Length];
        RmcpHeader.CopyTo(d);
        d[13] = (byte)ipmiMessage.Length;
        ipmiMessage.CopyTo(d.AsSpan(14));
        return d;
    }

    /// <summary>RMCP+ datagram outside a session (setup payloads): no encryption, no trailer, session ID and sequence 0.</summary>
    public static byte[] BuildPreSession(RmcpPayloadType type, ReadOnlySpan<byte> payload)
    {
        var d = new byte[RmcpPlusPayloadOffset + payload.Length];
        RmcpHeader.CopyTo(d);
        d[4] = AuthTypeRmcpPlus;
        d[5] = (byte)type;
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(14), (ushort)payload.Length);
        payload.CopyTo(d.AsSpan(RmcpPlusPayloadOffset));
        return d;
    }

    /// <summary>True for an RMCP class-7 (IPMI) datagram; ASF pings and garbage are ignored.</summary>
    public static bool IsIpmi(ReadOnlySpan<byte> d) => d.Length >= 14 && d[0] == 0x06 && (d[3] & 0x1F) == 0x07;

    /// <summary>The IPMI message of an unauthenticated IPMI 1.5 datagram, or empty when it is not one.</summary>
    public static ReadOnlySpan<byte> V15Message(ReadOnlySpan<byte> d)
    {
        if (d.Length < 14 || d[4] != 0x00)
        {
            return [];
        }
        int len = d[13];
        return d.Length >= 14 + len ? d.Slice(14, len) : [];
    }

    /// <summary>The payload of a pre-session RMCP+ datagram (setup payload types only), or empty.</summary>
    public static ReadOnlySpan<byte> PreSessionPayload(ReadOnlySpan<byte> d, out RmcpPayloadType type)
    {
        type = (RmcpPayloadType)(d.Length > 5 ? d[5] & 0x3F : 0);
        if (d.Length < RmcpPlusPayloadOffset || d[4] != AuthTypeRmcpPlus)
        {
            return [];
        }
        int len = BinaryPrimitives.ReadUInt16LittleEndian(d[14..]);
        return d.Length >= RmcpPlusPayloadOffset + len ? d.Slice(RmcpPlusPayloadOffset, len) : [];
    }

    /// <summary>The session ID in an RMCP+ session header (ours, in BMC → console packets).</summary>
    public static uint SessionId(ReadOnlySpan<byte> d) => BinaryPrimitives.ReadUInt32LittleEndian(d[6..]);
}
