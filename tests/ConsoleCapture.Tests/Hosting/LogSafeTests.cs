using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

public sealed class LogSafeTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a\nb\r\tc", @"a\nb\r\tc")]
    [InlineData("\u001b[2Jx\u007f", @"\u001B[2Jx\u007F")]
    [InlineData("c1\u0085\u009b", @"c1\u0085\u009B")]
    [InlineData("bidi\u202e\u2066\u200f\u061c", @"bidi\u202E\u2066\u200F\u061C")]
    [InlineData("ls\u2028ps\u2029", @"ls\u2028ps\u2029")]
    [InlineData("Zoë 日本", "Zoë 日本")]
    public void Control_C1_and_bidi_characters_are_escaped_and_ordinary_text_is_kept(string given, string logged) =>
        Assert.Equal(logged, LogSafe.Text(given));

    [Fact]
    public void A_long_value_is_cut_at_the_bound_and_says_how_much_was_left_out()
    {
        string logged = LogSafe.Text(new string('A', 5000));
        Assert.Equal(new string('A', 64) + "…(+4936 chars)", logged);
        Assert.Equal("", LogSafe.Text(null));
    }
}
