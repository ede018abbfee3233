using SolWatch.ConsoleCapture.Cli;
using SolWatch.ConsoleCapture.Cli.Control;

namespace SolWatch.ConsoleCapture.Tests.Cli;

public sealed class ControlCommandsTests
{
    [Theory]
    [InlineData(@"root\r", "root\r")]
    [InlineData(@"a\tb\nc", "a\tb\nc")]
    [InlineData(@"\e(", "\u001b(")]
    [InlineData(@"\x03\\", "\u0003\\")]
    [InlineData(@"plain text", "plain text")]
    [InlineData(@"trailing\", "trailing\\")]
    public void Escapes_typed_on_a_shell_become_their_characters(string typed, string sent) =>
        Assert.Equal(sent, ControlCommands.Unescape(typed));

    [Theory]
    [InlineData(@"\q")]
    [InlineData(@"\xff")]
    [InlineData(@"\x4")]
    public void An_unknown_escape_or_a_non_ascii_byte_is_refused(string typed) =>
        Assert.Contains("TEXT: unknown escape", Assert.Throws<CliException>(() => ControlCommands.Unescape(typed)).Message, StringComparison.Ordinal);
}
