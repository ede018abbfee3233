using System.Buffers.Binary;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// Hostile variants of real datagrams, as a broken BMC or a spoofer on the management network would send them.
/// Deterministic: the caller passes a seeded <see cref="Random"/>.
/// </summary>
internal static class HostileDatagrams
{
    /// <summary>Every proper prefix of <paramref name="d"/>, from 0 bytes to one byte short.</summary>
    public static IEnumerable<byte[]> Truncations(byte[] d) => Enumerable.Range(0, d.Length).Select(n => d[..n]);

    /// <summary>
    /// Every shortening whose length field still agrees with the datagram (RMCP+ payload length at 14, IPMI 1.5
    /// message length at 13): what gets past the framing checks and reaches the message decoders.
    /// </summary>
    public static IEnumerable<byte[]> ConsistentShortenings(byte[] d)
    {
        bool v15 = d.Length > 4 && d[4] == 0x00;
        int header = v15 ? 14 : 16;
        for (int n = header; n < d.Length; n++)
        {
            byte[] m = d[..n];
            if (v15)
            {
                m[13] = (byte)(n - header);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(14), (ushort)(n - header));
            }
            yield return m;
        }
    }

    /// <summary>
    /// Header fields set to wrong values (auth type, payload type, session ID, length fields too large or too
    /// small), without touching the message itself: none of these is a valid answer to anything.
    /// </summary>
    public static IEnumerable<byte[]> WrongHeaders(byte[] d, Random rng, int count)
    {
        for (int i = 0; i < count; i++)
        {
            byte[] m = d.ToArray();
            switch (i % 4)
            {
                case 0 when m.Length > 4:
                    m[4] = (byte)(m[4] == 0x06 ? rng.Next(7, 256) : rng.Next(1, 256)); // auth type: none of ours
                    break;
                case 1 when m.Length >= 16 && m[4] == 0x06:
                    // oversized or undersized payload length
                    int len = BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(14));
                    int wrong = rng.Next(3) switch { 0 => 0xFFFF, 1 => len + rng.Next(1, 64), _ => Math.Max(0, len - rng.Next(1, 8)) };
                    BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(14), (ushort)wrong);
                    break;
                case 2 when m.Length >= 10 && m[4] == 0x06:
                    BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(6), (uint)rng.Next()); // unknown session ID
                    break;
                case 3 when m.Length >= 14:
                    m[13] = (byte)(m[13] + rng.Next(1, 255)); // IPMI 1.5 length byte (or a sequence byte of RMCP+)
                    break;
                default:
                    m[0] ^= 0x01; // not RMCP version 1.0
                    break;
            }
            yield return m;
        }
    }

    /// <summary>Seeded random damage anywhere: flipped bytes, random payload type byte, random tail, cut at random.</summary>
    public static IEnumerable<byte[]> Mutations(byte[] d, Random rng, int count)
    {
        for (int i = 0; i < count; i++)
        {
            byte[] m = d.ToArray();
            switch (i % 4)
            {
                case 0:
                    for (int k = rng.Next(1, 4); k > 0 && m.Length > 0; k--)
                    {
                        m[rng.Next(m.Length)] ^= (byte)rng.Next(1, 256);
                    }
                    break;
                case 1 when m.Length > 5:
                    m[5] = (byte)rng.Next(256); // payload type with random encrypted/authenticated bits
                    break;
                case 2:
                    byte[] tail = new byte[rng.Next(1, 80)];
                    rng.NextBytes(tail);
                    m = [.. m, .. tail];
                    break;
                default:
                    m = m[..rng.Next(m.Length + 1)];
                    if (m.Length > 0)
                    {
                        m[rng.Next(m.Length)] ^= 0x80;
                    }
                    break;
            }
            yield return m;
        }
    }

    /// <summary>Random bytes of random length that start like an RMCP+ datagram (so that they get past the first check).</summary>
    public static IEnumerable<byte[]> RandomRmcpPlus(Random rng, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var m = new byte[rng.Next(0, 200)];
            rng.NextBytes(m);
            ReadOnlySpan<byte> header = [0x06, 0x00, 0xFF, 0x07, 0x06];
            header[..Math.Min(header.Length, m.Length)].CopyTo(m);
            yield return m;
        }
    }
}
