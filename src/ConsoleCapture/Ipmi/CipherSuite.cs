namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>RMCP+ authentication (RAKP) algorithm numbers (IPMI 2.0 table 13-17).</summary>
public enum AuthenticationAlgorithm : byte
{
    /// <summary>No authentication: anyone who knows a user name gets in.</summary>
    None = 0,
    /// <summary>RAKP-HMAC-SHA1.</summary>
    HmacSha1 = 1,
    /// <summary>RAKP-HMAC-MD5 (not implemented by SolWatch).</summary>
    HmacMd5 = 2,
    /// <summary>RAKP-HMAC-SHA256.</summary>
    HmacSha256 = 3,
}

/// <summary>RMCP+ integrity algorithm numbers.</summary>
public enum IntegrityAlgorithm : byte
{
    /// <summary>No integrity check: packets can be forged.</summary>
    None = 0,
    /// <summary>HMAC-SHA1-96.</summary>
    HmacSha1Bits96 = 1,
    /// <summary>HMAC-MD5-128 (not implemented by SolWatch).</summary>
    HmacMd5Bits128 = 2,
    /// <summary>MD5-128 (not implemented by SolWatch).</summary>
    Md5Bits128 = 3,
    /// <summary>HMAC-SHA256-128.</summary>
    HmacSha256Bits128 = 4,
}

/// <summary>RMCP+ confidentiality algorithm numbers.</summary>
public enum ConfidentialityAlgorithm : byte
{
    /// <summary>Clear text: console output and typed passwords readable on the wire.</summary>
    None = 0,
    /// <summary>AES-CBC-128.</summary>
    AesCbc128 = 1,
}

/// <summary>
/// One IPMI cipher suite: the three algorithms negotiated in Open Session. SolWatch implements suites 17
/// (SHA-256) and 3 (SHA-1), both with AES, plus suite 0 only for consoles that explicitly allow insecure suites.
/// </summary>
/// <param name="Id">The suite number as operators and ipmitool know it (-C 3, -C 17).</param>
/// <param name="Authentication">RAKP algorithm.</param>
/// <param name="Integrity">Per-packet integrity algorithm.</param>
/// <param name="Confidentiality">Payload encryption algorithm.</param>
public sealed record CipherSuite(int Id, AuthenticationAlgorithm Authentication, IntegrityAlgorithm Integrity, ConfidentialityAlgorithm Confidentiality)
{
    /// <summary>Suite 0: no authentication, no integrity, no encryption (the known auth-bypass suite).</summary>
    public static CipherSuite Suite0 { get; } = new(0, AuthenticationAlgorithm.None, IntegrityAlgorithm.None, ConfidentialityAlgorithm.None);

    /// <summary>Suite 3: RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128 (what most BMCs offer).</summary>
    public static CipherSuite Suite3 { get; } = new(3, AuthenticationAlgorithm.HmacSha1, IntegrityAlgorithm.HmacSha1Bits96, ConfidentialityAlgorithm.AesCbc128);

    /// <summary>Suite 17: RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128 (preferred).</summary>
    public static CipherSuite Suite17 { get; } = new(17, AuthenticationAlgorithm.HmacSha256, IntegrityAlgorithm.HmacSha256Bits128, ConfidentialityAlgorithm.AesCbc128);

    /// <summary>The suites SolWatch can speak, by number.</summary>
    public static IReadOnlyList<CipherSuite> Supported { get; } = [Suite17, Suite3, Suite0];

    /// <summary>Default preference order: 17 when the BMC offers it, else 3.</summary>
    public static IReadOnlyList<int> DefaultPreference { get; } = [17, 3];

    /// <summary>True when the suite authenticates the user, checks every packet and encrypts the payload.</summary>
    public bool IsSecure =>
        Authentication != AuthenticationAlgorithm.None && Integrity != IntegrityAlgorithm.None &&
        Confidentiality != ConfidentialityAlgorithm.None;

    /// <summary>The suite with this number, or a clear error naming the numbers that are supported.</summary>
    public static CipherSuite FromId(int id) =>
        Supported.FirstOrDefault(s => s.Id == id)
        ?? throw new ArgumentOutOfRangeException(nameof(id), id,
            $"IPMI cipher suite {id} is not supported by SolWatch; use 17 or 3 (0 only with allowInsecure)");
}
