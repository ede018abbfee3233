using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

public sealed class BmcKeyTests
{
    [Fact]
    public void A_text_key_is_its_utf8_bytes_and_a_key_after_0x_is_hex()
    {
        Assert.Equal("kgsecret"u8.ToArray(), BmcKey.Parse("kgsecret"));
        Assert.Equal("kgsecret"u8.ToArray(), BmcKey.Parse("kgsecret\n")); // a file's line end is not part of it
        Assert.Equal(new byte[] { 0x01, 0xAB, 0xFF }, BmcKey.Parse("0x01abFF"));
        Assert.Equal(20, BmcKey.Parse("0x" + new string('7', 40)).Length);
        Assert.Equal("0xnothex"u8.ToArray(), BmcKey.Parse("0xnothex")); // not hex digits: text
    }

    [Theory]
    [InlineData("", "a BMC key is 1-20 bytes of text, or 0x followed by up to 40 hex digits; this one is 0 bytes of text")]
    [InlineData("twenty-one characters", "a BMC key is 1-20 bytes of text, or 0x followed by up to 40 hex digits; this one is 21 bytes of text")]
    [InlineData("0x123", "a hex BMC key needs an even number of hex digits after 0x, at most 40 (20 bytes); this one has 3")]
    [InlineData("0x0011223344556677889900112233445566778899AA", "a hex BMC key needs an even number of hex digits after 0x, at most 40 (20 bytes); this one has 42")]
    public void A_key_that_is_too_long_empty_or_odd_hex_is_refused_with_what_a_key_looks_like(string key, string message)
    {
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => BmcKey.Parse(key)).Message);
    }
}
