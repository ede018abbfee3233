namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>A decoded IPMI response: which request it answers (netFn, rqSeq, command) and its completion code and data.</summary>
internal sealed record IpmiResponse(byte NetFn, byte Command, byte RqSeq, byte CompletionCode, byte[] Data);

/// <summary>
/// The IPMI LAN message inside an RMCP/RMCP+ payload: <c>rsAddr | netFn/LUN | chk1 | rqAddr | rqSeq/LUN | cmd | data | chk2</c>.
/// </summary>
internal static class IpmiLanMessage
{
    /// <summary>The BMC's slave address.</summary>
    public const byte BmcAddress = 0x20;

    /// <summary>Our software ID as a remote console.</summary>
    public const byte ConsoleAddress = 0x81;

    /// <summary>Two's complement checksum: the bytes plus the checksum sum to zero.</summary>
    public static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        byte sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }
        return (byte)-sum;
    }

    /// <summary>Encodes a request. <paramref name="rqSeq"/> is 6 bits.</summary>
    public static byte[] EncodeRequest(byte netFn, byte command, byte rqSeq, ReadOnlySpan<byte> data)
    {
        var m = new byte[7 + data.Length];
        m[0] = BmcAddress;
        m[1] = (byte)(netFn << 2);
        m[2] = Checksum(m.AsSpan(0, 2));
        m[3] = ConsoleAddress;
        m[4] = (byte)((rqSeq & 0x3F) << 2);
        m[5] = command;
        data.CopyTo(m.AsSpan(6));
        m[^1] = Checksum(m.AsSpan(3, m.Length - 4));
        return m;
    }

    /// <summary>Decodes a response; null when too short or a checksum is wrong (the packet is dropped, as a corrupt one).</summary>
    public static IpmiResponse? TryDecodeResponse(ReadOnlySpan<byte> m)
    {
        // rqAddr netFn chk1 rsAddr rqSeq cmd cc chk2 = 8 bytes minimum
        if (m.Length < 8 || Checksum(m[..2]) != m[2] || Checksum(m[3..^1]) != m[^1])
        {
            return null;
        }
        return new IpmiResponse(
            NetFn: (byte)(m[1] >> 2), Command: m[5], RqSeq: (byte)(m[4] >> 2), CompletionCode: m[6],
            Data: m[7..^1].ToArray());
    }
}
