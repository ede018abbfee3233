using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

public sealed class LoginRoutesTests
{
    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/\t\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public void A_next_path_that_a_browser_would_read_as_another_host_goes_home_instead(string next) =>
        Assert.Equal("/", LoginRoutes.LocalPath(next));

    [Theory]
    [InlineData("/incidents?console=web-1&kind=oops")]
    [InlineData("/consoles/bmc%2Frack3")]
    public void A_path_of_this_site_is_followed_after_login(string next) =>
        Assert.Equal(next, LoginRoutes.LocalPath(next));
}
