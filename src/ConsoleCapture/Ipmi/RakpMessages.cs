using System.Buffers.Binary;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>Open Session Response fields that matter; <see cref="Status"/> ≠ 0 means the BMC refused (then the rest is zero).</summary>
internal sealed record OpenSessionResponse(byte Tag, byte Status, uint ConsoleSessionId, uint BmcSessionId,
    AuthenticationAlgorithm Authentication, IntegrityAlgorithm Integrity, ConfidentialityAlgorithm Confidentiality);

/// <summary>RAKP message 2: the BMC's random number, GUID and its proof that it knows the password (KEAC).</summary>
internal sealed record Rakp2(byte Tag, byte Status, uint ConsoleSessionId, byte[] BmcRandom, byte[] BmcGuid, byte[] KeyExchangeAuthCode);

/// <summary>RAKP message 4: the BMC's integrity check value over the session (proves it derived the same SIK).</summary>
internal sealed record Rakp4(byte Tag, byte Status, uint ConsoleSessionId, byte[] IntegrityCheckValue);

/// <summary>Encoders/decoders of the RMCP+ session setup payloads (Open Session and RAKP 1-4). Integers are little-endian.</summary>
internal static class RakpMessages
{
    /// <summary>Length of a successful Open Session Response (tag … confidentiality record).</summary>
    public const int OpenSessionResponseLength = 36;

    /// <summary>Open Session Request: tag, requested privilege, our session ID, the three algorithm records.</summary>
    public static byte[] EncodeOpenSessionRequest(byte tag, IpmiPrivilege privilege, uint consoleSessionId, CipherSuite suite)
    {
        var m = new byte[32];
        m[0] = tag;
        // An explicit privilege (not 0 = "highest"): some BMCs hash keys with the Open Session privilege, others with
        // RAKP1's; sending the same value in both makes the question moot.
        m[1] = (byte)privilege;
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), consoleSessionId);
        WriteAlgorithm(m.AsSpan(8), 0x00, (byte)suite.Authentication);
        WriteAlgorithm(m.AsSpan(16), 0x01, (byte)suite.Integrity);
        WriteAlgorithm(m.AsSpan(24), 0x02, (byte)suite.Confidentiality);
        return m;

        static void WriteAlgorithm(Span<byte> record, byte type, byte algorithm)
        {
            record[0] = type;
            record[3] = 0x08;
            record[4] = algorithm;
        }
    }

    /// <summary>Decodes an Open Session Response; error responses may be only 2 bytes (tag, status).</summary>
    public static OpenSessionResponse? TryDecodeOpenSessionResponse(ReadOnlySpan<byte> m)
    {
        if (m.Length < 2)
        {
            return null;
        }
        if (m[1] != 0 || m.Length < OpenSessionResponseLength)
        {
            return new OpenSessionResponse(m[0], m[1] == 0 ? (byte)0xFF : m[1], m.Length >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(m[4..]) : 0, 0,
                AuthenticationAlgorithm.None, IntegrityAlgorithm.None, ConfidentialityAlgorithm.None);
        }
        return new OpenSessionResponse(m[0], m[1],
            BinaryPrimitives.ReadUInt32LittleEndian(m[4..]), BinaryPrimitives.ReadUInt32LittleEndian(m[8..]),
            (AuthenticationAlgorithm)(m[16] & 0x3F), (IntegrityAlgorithm)(m[24] & 0x3F), (ConfidentialityAlgorithm)(m[32] & 0x3F));
    }

    /// <summary>RAKP1: tag, BMC session ID, our random number, role (privilege | name-only lookup), user name.</summary>
    public static byte[] EncodeRakp1(byte tag, uint bmcSessionId, ReadOnlySpan<byte> consoleRandom, byte role, ReadOnlySpan<byte> userName)
    {
        var m = new byte[28 + userName.Length];
        m[0] = tag;
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), bmcSessionId);
        consoleRandom.CopyTo(m.AsSpan(8, 16));
        m[24] = role;
        m[27] = (byte)userName.Length;
        userName.CopyTo(m.AsSpan(28));
        return m;
    }

    /// <summary>Decodes RAKP2; <paramref name="keacLength"/> is the hash length of the suite (20 SHA-1, 32 SHA-256).</summary>
    public static Rakp2? TryDecodeRakp2(ReadOnlySpan<byte> m, int keacLength)
    {
        if (m.Length < 2)
        {
            return null;
        }
        uint sid = m.Length >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(m[4..]) : 0;
        if (m[1] != 0)
        {
            return new Rakp2(m[0], m[1], sid, [], [], []);
        }
        if (m.Length < 40 + keacLength)
        {
            return new Rakp2(m[0], 0xFF, sid, [], [], []);
        }
        return new Rakp2(m[0], 0, sid, m.Slice(8, 16).ToArray(), m.Slice(24, 16).ToArray(), m.Slice(40, keacLength).ToArray());
    }

    /// <summary>RAKP3: tag, status, BMC session ID and (on success only) our proof that we know the password.</summary>
    public static byte[] EncodeRakp3(byte tag, byte status, uint bmcSessionId, ReadOnlySpan<byte> authCode)
    {
        var m = new byte[8 + authCode.Length];
        m[0] = tag;
        m[1] = status;
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), bmcSessionId);
        authCode.CopyTo(m.AsSpan(8));
        return m;
    }

    /// <summary>Decodes RAKP4; <paramref name="icvLength"/> is 12 (SHA-1-96) or 16 (SHA-256-128), 0 for suite 0.</summary>
    public static Rakp4? TryDecodeRakp4(ReadOnlySpan<byte> m, int icvLength)
    {
        if (m.Length < 2)
        {
            return null;
        }
        uint sid = m.Length >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(m[4..]) : 0;
        if (m[1] != 0)
        {
            return new Rakp4(m[0], m[1], sid, []);
        }
        if (m.Length < 8 + icvLength)
        {
            return new Rakp4(m[0], 0xFF, sid, []);
        }
        return new Rakp4(m[0], 0, sid, m.Slice(8, icvLength).ToArray());
    }

    /// <summary>RMCP+ status codes (IPMI 2.0 table 13-15) as words, for error messages.</summary>
    public static string DescribeStatus(byte status) => status switch
    {
        0x01 => "insufficient resources to create a session",
        0x02 => "invalid session ID",
        0x03 => "invalid payload type",
        0x04 => "invalid authentication algorithm",
        0x05 => "invalid integrity algorithm",
        0x06 => "no matching authentication payload",
        0x07 => "no matching integrity payload",
        0x08 => "inactive session ID",
        0x09 => "invalid role",
        0x0A => "unauthorized role or privilege level requested",
        0x0B => "insufficient resources to create a session at the requested role",
        0x0C => "invalid name length",
        0x0D => "unauthorized name (unknown user)",
        0x0E => "unauthorized GUID",
        0x0F => "invalid integrity check value",
        0x10 => "invalid confidentiality algorithm",
        0x11 => "no cipher suite match with proposed security algorithms",
        0x12 => "illegal or unrecognized parameter",
        0xFF => "malformed message",
        _ => $"status 0x{status:X2}",
    };

    /// <summary>True when the status says the BMC does not do these algorithms (so another suite may work).</summary>
    public static bool IsAlgorithmMismatch(byte status) => status is 0x04 or 0x05 or 0x06 or 0x07 or 0x10 or 0x11;
}
