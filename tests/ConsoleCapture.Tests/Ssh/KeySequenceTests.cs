using System.Collections.Immutable;
using CsCheck;
using SolWatch.ConsoleCapture.Ssh;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

public sealed class KeySequenceTests
{
    [Theory]
    [InlineData(@"^\", new byte[] { 0x1C })]
    [InlineData(@"\e(", new byte[] { 0x1B, (byte)'(' })]
    [InlineData(@"^[(", new byte[] { 0x1B, (byte)'(' })]
    [InlineData(@"\r\eT", new byte[] { 0x0D, 0x1B, (byte)'T' })]
    [InlineData(@"~B", new byte[] { (byte)'~', (byte)'B' })]
    [InlineData(@"\x1c\\\^^?", new byte[] { 0x1C, (byte)'\\', (byte)'^', 0x7F })]
    public void Manual_notations_become_the_bytes_the_BMC_expects(string text, byte[] expected) =>
        Assert.Equal(expected, KeySequence.Parse(text).ToArray());

    [Theory]
    [InlineData(@"\q", @"unknown escape \q")]
    [InlineData(@"^1", "not a control key")]
    [InlineData(@"\xZZ", @"unknown escape \x")]
    public void A_bad_sequence_names_the_problem(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => KeySequence.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_writes_what_Parse_reads_back() =>
        Gen.Byte.Array[0, 16].Sample(bytes =>
        {
            var original = ImmutableArray.Create(bytes);
            Assert.Equal(bytes, KeySequence.Parse(KeySequence.Format(original)).ToArray());
        });
}
