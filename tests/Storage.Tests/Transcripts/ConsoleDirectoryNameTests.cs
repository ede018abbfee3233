using CsCheck;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Transcripts;

public sealed class ConsoleDirectoryNameTests
{
    [Theory]
    [InlineData("ttyS0")]
    [InlineData("bmc-rack3.node_12")]
    public void A_safe_name_is_kept_as_it_is(string console) => Assert.Equal(console, ConsoleDirectoryName.For(console));

    [Fact]
    public void Any_name_gives_one_plain_directory_name_and_different_names_give_different_directories() =>
        Gen.Select(Gen.String[Gen.Char['\0', '\u00FF'], 0, 80], Gen.String[Gen.Char['\0', '\u00FF'], 0, 80])
            .Sample((a, b) =>
            {
                var name = ConsoleDirectoryName.For(a);
                Assert.Matches("^[A-Za-z0-9_][A-Za-z0-9._~-]{0,80}$", name);
                Assert.NotEqual("..", name);
                if (a != b)
                {
                    Assert.NotEqual(name, ConsoleDirectoryName.For(b));
                }
            });
}
