using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>Why an in-session datagram was dropped (counted, never thrown: anyone can send us UDP).</summary>
internal enum OpenFailure
{
    None,
    Malformed,
    NotAuthenticated,
    NotEncrypted,
    BadAuthCode,
    BadPadding,
}

/// <summary>
/// Seals and opens in-session RMCP+ datagrams for one session: AES-CBC-128 payload encryption and the
/// HMAC integrity trailer (encrypt-then-MAC). Not thread-safe: the session serializes calls with its own lock
/// (one <see cref="Aes"/> instance per session).
/// </summary>
internal sealed class SessionCipher : IDisposable
{
    private readonly CipherSuite suite;
    private readonly byte[] k1;
    private readonly Aes? aes;

    /// <summary>Creates the cipher from the negotiated suite and the RAKP-derived keys.</summary>
    public SessionCipher(CipherSuite suite, SessionKeys keys)
    {
        this.suite = suite;
        k1 = keys.K1;
        if (suite.Confidentiality == ConfidentialityAlgorithm.AesCbc128)
        {
            aes = Aes.Create();
            aes.Key = keys.K2.AsSpan(0, 16).ToArray();
        }
    }

    /// <summary>Length of the AuthCode at the end of a packet.</summary>
    public int AuthCodeLength => suite.Integrity switch
    {
        IntegrityAlgorithm.None => 0,
        IntegrityAlgorithm.HmacSha1Bits96 => 12,
        IntegrityAlgorithm.HmacSha256Bits128 => 16,
        _ => throw new NotSupportedException($"integrity algorithm {suite.Integrity} is not implemented"),
    };

    /// <summary>Builds a datagram to the BMC: header with the BMC's session ID and our sequence number, payload, trailer.</summary>
    public byte[] Seal(RmcpPayloadType type, uint bmcSessionId, uint sequence, ReadOnlySpan<byte> plaintext)
    {
        byte[] payload = aes is null ? plaintext.ToArray() : Encrypt(plaintext);
        bool authenticated = suite.Integrity != IntegrityAlgorithm.None;
        int trailer = 0;
        int pad = 0;
        if (authenticated)
        {
            // bytes from auth type (offset 4) to Next Header must be a multiple of 4: 12 + payload + pad + 2
            pad = (4 - ((12 + payload.Length + 2) % 4)) % 4;
            trailer = pad + 2 + AuthCodeLength;
        }
        var d = new byte[RmcpFraming.RmcpPlusPayloadOffset + payload.Length + trailer];
        RmcpFraming.RmcpHeader.CopyTo(d);
        d[4] = RmcpFraming.AuthTypeRmcpPlus;
        d[5] = (byte)((byte)type | (aes is null ? 0 : RmcpFraming.EncryptedBit) | (authenticated ? RmcpFraming.AuthenticatedBit : 0));
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(6), bmcSessionId);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(10), sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(14), (ushort)payload.Length);
        payload.CopyTo(d, RmcpFraming.RmcpPlusPayloadOffset);
        if (authenticated)
        {
            int p = RmcpFraming.RmcpPlusPayloadOffset + payload.Length;
            d.AsSpan(p, pad).Fill(0xFF);
            d[p + pad] = (byte)pad;
            d[p + pad + 1] = 0x07; // Next Header: always 07h
            int macStart = p + pad + 2;
            byte[] mac = Mac(d.AsSpan(4, macStart - 4));
            mac.AsSpan(0, AuthCodeLength).CopyTo(d.AsSpan(macStart));
        }
        return d;
    }

    /// <summary>
    /// Checks and decrypts a datagram from the BMC. The AuthCode is verified (in constant time) before anything
    /// else is looked at; the caller checks the sequence number afterwards.
    /// </summary>
    public OpenFailure TryOpen(ReadOnlySpan<byte> d, out RmcpPayloadType type, out uint sequence, out byte[] plaintext)
    {
        type = default;
        sequence = 0;
        plaintext = [];
        if (d.Length < RmcpFraming.RmcpPlusPayloadOffset || d[4] != RmcpFraming.AuthTypeRmcpPlus)
        {
            return OpenFailure.Malformed;
        }
        byte typeByte = d[5];
        type = (RmcpPayloadType)(typeByte & 0x3F);
        sequence = BinaryPrimitives.ReadUInt32LittleEndian(d[10..]);
        int len = BinaryPrimitives.ReadUInt16LittleEndian(d[14..]);
        if (d.Length < RmcpFraming.RmcpPlusPayloadOffset + len)
        {
            return OpenFailure.Malformed;
        }
        bool authenticated = suite.Integrity != IntegrityAlgorithm.None;
        if (authenticated)
        {
            // Drop unauthenticated packets inside an authenticated session: they could come from anyone.
            if ((typeByte & RmcpFraming.AuthenticatedBit) == 0)
            {
                return OpenFailure.NotAuthenticated;
            }
            int macStart = d.Length - AuthCodeLength;
            if (macStart < RmcpFraming.RmcpPlusPayloadOffset + len + 2 || d[macStart - 1] != 0x07)
            {
                return OpenFailure.Malformed;
            }
            byte[] mac = Mac(d[4..macStart]);
            if (!CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, AuthCodeLength), d[macStart..]))
            {
                return OpenFailure.BadAuthCode;
            }
        }
        ReadOnlySpan<byte> payload = d.Slice(RmcpFraming.RmcpPlusPayloadOffset, len);
        if (aes is null)
        {
            plaintext = payload.ToArray();
            return OpenFailure.None;
        }
        if ((typeByte & RmcpFraming.EncryptedBit) == 0)
        {
            return OpenFailure.NotEncrypted;
        }
        return TryDecrypt(payload, out plaintext) ? OpenFailure.None : OpenFailure.BadPadding;
    }

    private byte[] Mac(ReadOnlySpan<byte> data) => suite.Integrity switch
    {
#pragma warning disable CA5350 // HMAC-SHA1 is what cipher suite 3 mandates; suite 17 (SHA-256) is preferred when offered
        IntegrityAlgorithm.HmacSha1Bits96 => HMACSHA1.HashData(k1, data),
#pragma warning restore CA5350
        IntegrityAlgorithm.HmacSha256Bits128 => HMACSHA256.HashData(k1, data),
        _ => throw new NotSupportedException($"integrity algorithm {suite.Integrity} is not implemented"),
    };

    /// <summary>IV(16, random) ‖ AES-CBC(plaintext ‖ 01 02 … N ‖ N), the IPMI confidentiality pad (not PKCS#7).</summary>
    internal byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        int n = (16 - ((plaintext.Length + 1) % 16)) % 16;
        var padded = new byte[plaintext.Length + n + 1];
        plaintext.CopyTo(padded);
        for (int i = 1; i <= n; i++)
        {
            padded[plaintext.Length + i - 1] = (byte)i;
        }
        padded[^1] = (byte)n;
        var result = new byte[16 + padded.Length];
        RandomNumberGenerator.Fill(result.AsSpan(0, 16));
        aes!.EncryptCbc(padded, result.AsSpan(0, 16), result.AsSpan(16), PaddingMode.None);
        return result;
    }

    /// <summary>Reverses <see cref="Encrypt"/>; false when the length or the pad bytes are wrong.</summary>
    internal bool TryDecrypt(ReadOnlySpan<byte> payload, out byte[] plaintext)
    {
        plaintext = [];
        if (payload.Length < 32 || (payload.Length - 16) % 16 != 0)
        {
            return false;
        }
        byte[] clear = aes!.DecryptCbc(payload[16..], payload[..16], PaddingMode.None);
        int n = clear[^1];
        if (n > 15 || n + 1 > clear.Length)
        {
            return false;
        }
        int dataLength = clear.Length - n - 1;
        for (int i = 1; i <= n; i++)
        {
            if (clear[dataLength + i - 1] != i)
            {
                return false;
            }
        }
        plaintext = clear.AsSpan(0, dataLength).ToArray();
        return true;
    }

    /// <summary>Releases the AES key schedule.</summary>
    public void Dispose() => aes?.Dispose();
}
