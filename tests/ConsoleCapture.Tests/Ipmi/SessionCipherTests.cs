using CsCheck;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

public sealed class SessionCipherTests
{
    private static SessionKeys Keys(CipherSuite suite) =>
        RakpCrypto.DeriveKeys(suite.Authentication, "pw"u8, new RakpTranscript(1, 2, new byte[16], new byte[16], new byte[16], 0x14, "u"u8.ToArray()));

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    public void Any_payload_survives_seal_and_open(int suiteId)
    {
        CipherSuite suite = CipherSuite.FromId(suiteId);
        using var cipher = new SessionCipher(suite, Keys(suite));
        Gen.Byte.Array[0, 300].Sample(payload =>
        {
            byte[] d = cipher.Seal(RmcpPayloadType.Sol, 0x11223344, 7, payload);
            Assert.Equal(OpenFailure.None, cipher.TryOpen(d, out RmcpPayloadType type, out uint seq, out byte[] clear));
            Assert.Equal(RmcpPayloadType.Sol, type);
            Assert.Equal(7u, seq);
            Assert.Equal(payload, clear);
            Assert.Equal(0, (d.Length - 4 - cipher.AuthCodeLength) % 4); // trailer alignment rule
        });
    }

    [Fact]
    public void A_suite_3_packet_has_the_layout_of_the_specification()
    {
        using var cipher = new SessionCipher(CipherSuite.Suite3, Keys(CipherSuite.Suite3));

        byte[] d = cipher.Seal(RmcpPayloadType.Ipmi, 0x04030201, 5, [1, 2, 3]);

        Assert.Equal(new byte[] { 0x06, 0x00, 0xFF, 0x07, 0x06, 0xC0, 0x01, 0x02, 0x03, 0x04, 5, 0, 0, 0, 32, 0 }, d[..16]);
        // IV 16 + one AES block; then pad so that 12 + 32 + pad + 2 is a multiple of 4 → pad 2
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0x02, 0x07 }, d[48..52]);
        Assert.Equal(52 + 12, d.Length);
    }

    [Fact]
    public void Every_flipped_bit_is_detected()
    {
        using var cipher = new SessionCipher(CipherSuite.Suite3, Keys(CipherSuite.Suite3));
        byte[] d = cipher.Seal(RmcpPayloadType.Sol, 9, 1, "console"u8);
        for (int i = 4; i < d.Length; i++)
        {
            byte[] t = (byte[])d.Clone();
            t[i] ^= 0x01;
            Assert.NotEqual(OpenFailure.None, cipher.TryOpen(t, out _, out _, out _));
        }
    }

    [Fact]
    public void A_packet_sealed_with_other_keys_is_rejected()
    {
        using var ours = new SessionCipher(CipherSuite.Suite17, Keys(CipherSuite.Suite17));
        var otherKeys = RakpCrypto.DeriveKeys(AuthenticationAlgorithm.HmacSha256, "other"u8,
            new RakpTranscript(1, 2, new byte[16], new byte[16], new byte[16], 0x14, "u"u8.ToArray()));
        using var theirs = new SessionCipher(CipherSuite.Suite17, otherKeys);

        Assert.Equal(OpenFailure.BadAuthCode, ours.TryOpen(theirs.Seal(RmcpPayloadType.Sol, 9, 1, "x"u8), out _, out _, out _));
    }

    [Fact]
    public void An_unauthenticated_packet_in_a_secure_session_is_rejected()
    {
        using var cipher = new SessionCipher(CipherSuite.Suite3, Keys(CipherSuite.Suite3));
        byte[] d = cipher.Seal(RmcpPayloadType.Sol, 9, 1, "x"u8);
        d[5] &= 0xBF;

        Assert.Equal(OpenFailure.NotAuthenticated, cipher.TryOpen(d, out _, out _, out _));
    }

    [Theory]
    [InlineData(0, 15)]
    [InlineData(14, 1)]
    [InlineData(15, 0)]
    [InlineData(16, 15)]
    public void The_confidentiality_pad_counts_up_and_ends_with_its_length(int length, int expectedPad)
    {
        using var cipher = new SessionCipher(CipherSuite.Suite3, Keys(CipherSuite.Suite3));
        byte[] encrypted = cipher.Encrypt(new byte[length]);

        Assert.Equal(16 + length + expectedPad + 1, encrypted.Length);
        Assert.True(cipher.TryDecrypt(encrypted, out byte[] clear));
        Assert.Equal(length, clear.Length);
    }
}
