using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>The keys of an established session: SIK, K1 (integrity) and K2 (its first 16 bytes are the AES key).</summary>
internal sealed record SessionKeys(byte[] Sik, byte[] K1, byte[] K2);

/// <summary>
/// The public values both sides hash in RAKP: the two session IDs and random numbers, the BMC's GUID,
/// the role byte exactly as sent in RAKP1 and the user name.
/// </summary>
internal sealed record RakpTranscript(uint ConsoleSessionId, uint BmcSessionId, byte[] ConsoleRandom, byte[] BmcRandom,
    byte[] BmcGuid, byte Role, byte[] UserName);

/// <summary>
/// The RAKP-HMAC computations of IPMI 2.0 §13.31-13.32 for SHA-1 (suite 3) and SHA-256 (suite 17).
/// SIDm = console's session ID, SIDc = BMC's. Pure functions: easy to check against an independent implementation.
/// </summary>
internal static class RakpCrypto
{
    /// <summary>K1/K2 are HMAC(SIK, constant); the constants are 20 bytes even for SHA-256 (ipmitool, FreeIPMI agree).</summary>
    private const int KeyConstantLength = 20;

    /// <summary>HMAC with the suite's RAKP hash.</summary>
    public static byte[] Hmac(AuthenticationAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => algorithm switch
    {
#pragma warning disable CA5350 // HMAC-SHA1 is what cipher suite 3 mandates; suite 17 (SHA-256) is preferred when offered
        AuthenticationAlgorithm.HmacSha1 => HMACSHA1.HashData(key, data),
#pragma warning restore CA5350
        AuthenticationAlgorithm.HmacSha256 => HMACSHA256.HashData(key, data),
        _ => throw new NotSupportedException($"RAKP algorithm {algorithm} is not implemented"),
    };

    /// <summary>Length of the RAKP2 key exchange authentication code (the full hash).</summary>
    public static int KeacLength(AuthenticationAlgorithm algorithm) => algorithm switch
    {
        AuthenticationAlgorithm.None => 0,
        AuthenticationAlgorithm.HmacSha1 => 20,
        AuthenticationAlgorithm.HmacSha256 => 32,
        _ => throw new NotSupportedException($"RAKP algorithm {algorithm} is not implemented"),
    };

    /// <summary>Length of the RAKP4 integrity check value (truncated hash: 12 for SHA-1, 16 for SHA-256).</summary>
    public static int IcvLength(AuthenticationAlgorithm algorithm) => algorithm switch
    {
        AuthenticationAlgorithm.None => 0,
        AuthenticationAlgorithm.HmacSha1 => 12,
        AuthenticationAlgorithm.HmacSha256 => 16,
        _ => throw new NotSupportedException($"RAKP algorithm {algorithm} is not implemented"),
    };

    /// <summary>What the BMC must send in RAKP2: HMAC(Kuid, SIDm ‖ SIDc ‖ Rm ‖ Rc ‖ GUIDc ‖ ROLEm ‖ ULEN ‖ UNAME).</summary>
    public static byte[] Rakp2KeyExchangeAuthCode(AuthenticationAlgorithm a, ReadOnlySpan<byte> password, RakpTranscript t)
    {
        var data = new byte[4 + 4 + 16 + 16 + 16 + 1 + 1 + t.UserName.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(data, t.ConsoleSessionId);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), t.BmcSessionId);
        t.ConsoleRandom.CopyTo(data, 8);
        t.BmcRandom.CopyTo(data, 24);
        t.BmcGuid.CopyTo(data, 40);
        data[56] = t.Role;
        data[57] = (byte)t.UserName.Length;
        t.UserName.CopyTo(data, 58);
        return Hmac(a, password, data);
    }

    /// <summary>Our proof in RAKP3: HMAC(Kuid, Rc ‖ SIDm ‖ ROLEm ‖ ULEN ‖ UNAME).</summary>
    public static byte[] Rakp3AuthCode(AuthenticationAlgorithm a, ReadOnlySpan<byte> password, RakpTranscript t)
    {
        var data = new byte[16 + 4 + 1 + 1 + t.UserName.Length];
        t.BmcRandom.CopyTo(data, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(16), t.ConsoleSessionId);
        data[20] = t.Role;
        data[21] = (byte)t.UserName.Length;
        t.UserName.CopyTo(data, 22);
        return Hmac(a, password, data);
    }

    /// <summary>SIK = HMAC(Kg or Kuid, Rm ‖ Rc ‖ ROLEm ‖ ULEN ‖ UNAME); K1, K2 = HMAC(SIK, 0x01×20 / 0x02×20).</summary>
    public static SessionKeys DeriveKeys(AuthenticationAlgorithm a, ReadOnlySpan<byte> keyForSik, RakpTranscript t)
    {
        var data = new byte[16 + 16 + 1 + 1 + t.UserName.Length];
        t.ConsoleRandom.CopyTo(data, 0);
        t.BmcRandom.CopyTo(data, 16);
        data[32] = t.Role;
        data[33] = (byte)t.UserName.Length;
        t.UserName.CopyTo(data, 34);
        byte[] sik = Hmac(a, keyForSik, data);
        byte[] c1 = new byte[KeyConstantLength];
        byte[] c2 = new byte[KeyConstantLength];
        c1.AsSpan().Fill(0x01);
        c2.AsSpan().Fill(0x02);
        return new SessionKeys(sik, Hmac(a, sik, c1), Hmac(a, sik, c2));
    }

    /// <summary>What the BMC must send in RAKP4: HMAC(SIK, Rm ‖ SIDc ‖ GUIDc), truncated to <see cref="IcvLength"/>.</summary>
    public static byte[] Rakp4IntegrityCheckValue(AuthenticationAlgorithm a, ReadOnlySpan<byte> sik, RakpTranscript t)
    {
        var data = new byte[16 + 4 + 16];
        t.ConsoleRandom.CopyTo(data, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(16), t.BmcSessionId);
        t.BmcGuid.CopyTo(data, 20);
        return Hmac(a, sik, data).AsSpan(0, IcvLength(a)).ToArray();
    }
}
