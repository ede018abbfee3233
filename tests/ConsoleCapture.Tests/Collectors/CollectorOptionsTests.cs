using System.Net;
using SolWatch.ConsoleCapture.Collectors.Files;
using SolWatch.ConsoleCapture.Collectors.Netconsole;
using SolWatch.ConsoleCapture.Collectors.Tcp;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;

namespace SolWatch.ConsoleCapture.Tests.Collectors;

/// <summary>Every options record refuses bad values at construction, with a message that names the setting.</summary>
public class CollectorOptionsTests
{
    [Fact]
    public void Tcp_settings_out_of_range_are_refused_by_name()
    {
        Assert.Contains("host", Assert.Throws<ArgumentException>(() => new TcpCollectorOptions(" ", 23)).Message, StringComparison.Ordinal);
        Assert.Contains("port must be 1-65535", Assert.Throws<ArgumentException>(() => new TcpCollectorOptions("cs1", 0)).Message, StringComparison.Ordinal);
        Assert.Contains("connect timeout", Assert.Throws<ArgumentException>(() => new TcpCollectorOptions("cs1", 23, TimeSpan.Zero)).Message, StringComparison.Ordinal);
        Assert.Contains("keepalive", Assert.Throws<ArgumentException>(() => new TcpCollectorOptions("cs1", 23, keepAliveIdle: TimeSpan.FromMilliseconds(10))).Message, StringComparison.Ordinal);
        Assert.Equal("[fe80::1]:7001", new TcpCollectorOptions("fe80::1", 7001).Endpoint);
    }

    [Fact]
    public void File_and_netconsole_settings_out_of_range_are_refused_by_name()
    {
        Assert.Contains("path", Assert.Throws<ArgumentException>(() => new FileCollectorOptions("")).Message, StringComparison.Ordinal);
        Assert.Contains("replay rate", Assert.Throws<ArgumentException>(() => new FileCollectorOptions("/tmp/x", replayBytesPerSecond: 0)).Message, StringComparison.Ordinal);
        Assert.Contains("netconsole port", Assert.Throws<ArgumentException>(() => new NetconsoleListenerOptions(IPAddress.Any, 70000)).Message, StringComparison.Ordinal);
        Assert.Contains("receive buffer", Assert.Throws<ArgumentException>(() => new NetconsoleListenerOptions(IPAddress.Any, 6666, receiveBufferBytes: 10)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_tcp_connection_fails_with_the_endpoint_and_what_to_check()
    {
        int closedPort = FreePorts.Tcp();
        var collector = new TcpCollector(new TcpCollectorOptions("127.0.0.1", closedPort));

        var ex = await Assert.ThrowsAsync<IOException>(() => collector.RunAsync(new RecordingSink(), CancellationToken.None));

        Assert.Contains($"127.0.0.1:{closedPort}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("console server is up", ex.Message, StringComparison.Ordinal);
    }
}
