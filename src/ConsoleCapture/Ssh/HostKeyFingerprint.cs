using System.Security.Cryptography;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// A host key's SHA-256 fingerprint in OpenSSH's notation (<c>SHA256:</c> + base64 without padding, as printed by
/// <c>ssh-keygen -lf</c> and <c>solwatch ssh-fingerprint</c>).
/// </summary>
public sealed class HostKeyFingerprint
{
    private const string Prefix = "SHA256:";
    private readonly byte[] _digest;

    private HostKeyFingerprint(byte[] digest) => _digest = digest;

    /// <summary>The fingerprint in OpenSSH notation.</summary>
    public override string ToString() => Prefix + Convert.ToBase64String(_digest).TrimEnd('=');

    /// <summary>The fingerprint of a public key blob (the SSH wire encoding of the key, as the server sends it).</summary>
    public static HostKeyFingerprint OfKey(ReadOnlySpan<byte> publicKeyBlob) => new(SHA256.HashData(publicKeyBlob));

    /// <summary>
    /// Reads a configured fingerprint: <c>SHA256:</c> followed by base64 (padding optional). Throws
    /// <see cref="FormatException"/> saying what a valid value looks like.
    /// </summary>
    public static HostKeyFingerprint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (!t.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException(
                $"host key fingerprint \"{text}\" must start with \"{Prefix}\" (OpenSSH format, e.g. from `solwatch ssh-fingerprint HOST` or `ssh-keygen -lf KEY.pub`); MD5 fingerprints are not accepted");
        }
        string b64 = t[Prefix.Length..].TrimEnd('=');
        b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
        byte[] digest;
        try
        {
            digest = Convert.FromBase64String(b64);
        }
        catch (FormatException)
        {
            throw new FormatException($"host key fingerprint \"{text}\" is not valid base64 after \"{Prefix}\"");
        }
        if (digest.Length != SHA256.HashSizeInBytes)
        {
            throw new FormatException($"host key fingerprint \"{text}\" holds {digest.Length} bytes; a SHA-256 fingerprint holds 32 (43 base64 characters)");
        }
        return new HostKeyFingerprint(digest);
    }

    /// <summary>
    /// Compares in constant time, so that a peer probing the pin learns nothing from how long a refusal takes.
    /// </summary>
    public bool Matches(HostKeyFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return CryptographicOperations.FixedTimeEquals(_digest, other._digest);
    }
}
