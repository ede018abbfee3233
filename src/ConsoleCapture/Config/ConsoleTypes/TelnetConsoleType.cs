using SolWatch.ConsoleCapture.Collectors.Telnet;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: telnet</c>: a console server's telnet port (options negotiated, IAC stripped). Keys as <c>tcp</c>:
/// <c>address</c>, <c>port</c>, <c>connectTimeout</c>, <c>keepAlive</c>, <c>sendTimeout</c> (default 5s).
/// </summary>
public sealed class TelnetConsoleType : IConsoleType
{
    /// <inheritdoc />
    public string Name => "telnet";

    /// <inheritdoc />
    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context) =>
        SendTimeoutSetting.Around(console, () =>
            TcpConsoleType.ReadOptions(console) is { } tcp
                ? CollectorSettings.Build(
                    console, "address", () => new TelnetCollectorOptions(tcp), o => $"telnet {o.Connection.Endpoint}", o => new TelnetCollector(o))
                : null);
}
