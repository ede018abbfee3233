using SolWatch.ConsoleCapture.Collectors.Tcp;

namespace SolWatch.ConsoleCapture.Collectors.Telnet;

/// <summary>A telnet console (ser2net telnet ports, terminal servers, qemu telnet=on): TCP plus the telnet protocol.</summary>
/// <param name="Connection">Where to connect and how (timeouts, keepalive); validated by its own constructor.</param>
public sealed record TelnetCollectorOptions(TcpCollectorOptions Connection)
{
    /// <summary>The connection settings.</summary>
    public TcpCollectorOptions Connection { get; } = Connection ?? throw new ArgumentNullException(nameof(Connection), "telnet needs host and port");
}
