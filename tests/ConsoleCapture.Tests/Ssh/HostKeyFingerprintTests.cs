using System.Security.Cryptography;
using SolWatch.ConsoleCapture.Ssh;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

public sealed class HostKeyFingerprintTests
{
    private static readonly byte[] Key = [0, 0, 0, 11, .. "ssh-ed25519"u8, 0, 0, 0, 32, .. new byte[32]];

    [Fact]
    public void The_fingerprint_is_OpenSSH_notation_of_the_SHA256_of_the_key_blob()
    {
        string expected = "SHA256:" + Convert.ToBase64String(SHA256.HashData(Key)).TrimEnd('=');
        Assert.Equal(expected, HostKeyFingerprint.OfKey(Key).ToString());
    }

    [Fact]
    public void A_configured_value_matches_with_or_without_padding_and_surrounding_spaces()
    {
        var key = HostKeyFingerprint.OfKey(Key);
        Assert.True(HostKeyFingerprint.Parse(key.ToString()).Matches(key));
        Assert.True(HostKeyFingerprint.Parse(" " + key + "= ").Matches(key));
    }

    [Fact]
    public void A_different_key_does_not_match()
    {
        byte[] other = [.. Key];
        other[^1] ^= 1;
        Assert.False(HostKeyFingerprint.OfKey(other).Matches(HostKeyFingerprint.OfKey(Key)));
    }

    [Theory]
    [InlineData("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", "must start with \"SHA256:\"")]
    [InlineData("SHA256:not*base64", "not valid base64")]
    [InlineData("SHA256:AAAA", "holds 3 bytes")]
    public void A_malformed_pin_is_rejected_with_what_a_valid_one_looks_like(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => HostKeyFingerprint.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
