using SolWatch.ConsoleCapture.Cli.Consoles;

namespace SolWatch.ConsoleCapture.Tests.Cli.Consoles;

/// <summary>The ENDPOINT / DETAIL column of <c>solwatch consoles</c>.</summary>
public sealed class ConsolesCommandTests
{
    [Fact]
    public void A_detail_that_repeats_the_endpoint_shows_it_once()
    {
        Assert.Equal(
            "tcp 127.0.0.1:7431: connect failed: Connection refused; check host, port and that the console server is up",
            ConsolesCommand.EndpointAndDetail("tcp 127.0.0.1:7431",
                "tcp 127.0.0.1:7431: connect failed: Connection refused; check host, port and that the console server is up"));
    }

    [Fact]
    public void A_detail_that_repeats_the_endpoint_in_the_collectors_own_spelling_shows_it_once()
    {
        Assert.Equal("file /var/log/vm.log: is a directory, not a file",
            ConsolesCommand.EndpointAndDetail("file /var/log/vm.log", "file:/var/log/vm.log: is a directory, not a file"));
    }

    [Fact]
    public void A_detail_that_repeats_the_endpoint_after_a_short_label_shows_it_once()
    {
        Assert.Equal("ssh://root@127.0.0.1:2299 (generic): login as \"root\" was refused",
            ConsolesCommand.EndpointAndDetail("ssh://root@127.0.0.1:2299 (generic)",
                "SSH console ssh://root@127.0.0.1:2299 (generic): login as \"root\" was refused"));
    }

    [Fact]
    public void Any_other_detail_follows_the_endpoint_and_no_detail_leaves_the_endpoint_alone()
    {
        Assert.Equal("tcp 10.0.0.1:7001: replayed before", ConsolesCommand.EndpointAndDetail("tcp 10.0.0.1:7001", "replayed before"));
        Assert.Equal("tcp 10.0.0.1:7001", ConsolesCommand.EndpointAndDetail("tcp 10.0.0.1:7001", null));
    }
}
