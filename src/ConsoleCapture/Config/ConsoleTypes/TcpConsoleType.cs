using SolWatch.ConsoleCapture.Collectors.Tcp;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: tcp</c>: a raw TCP port of a console server. Keys: <c>address</c> (required), <c>port</c> (required),
/// <c>connectTimeout</c> (10s), <c>keepAlive</c> (30s idle before TCP keepalive probes notice a dead peer),
/// <c>sendTimeout</c> (how long <c>solwatch send</c> waits for the peer to take the input, default 5s).
/// </summary>
public sealed class TcpConsoleType : IConsoleType
{
    /// <inheritdoc />
    public string Name => "tcp";

    /// <inheritdoc />
    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context) =>
        SendTimeoutSetting.Around(console, () =>
            ReadOptions(console) is { } options
                ? CollectorSettings.Build(console, "address", () => options, o => $"tcp {o.Endpoint}", o => new TcpCollector(o))
                : null);

    /// <summary>Reads the TCP keys shared with <c>telnet</c>.</summary>
    internal static TcpCollectorOptions? ReadOptions(YamlMap console)
    {
        string? address = console.Text("address", required: true);
        int? port = console.Port("port", required: true);
        TimeSpan? connectTimeout = console.Duration("connectTimeout");
        TimeSpan? keepAlive = console.Duration("keepAlive");
        if (address is null || port is null)
        {
            return null;
        }
        try
        {
            return new TcpCollectorOptions(address, port.Value, connectTimeout, keepAlive);
        }
        catch (ArgumentException e)
        {
            console.Error(e.ParamName is "keepAliveIdle" ? "keepAlive" : e.ParamName ?? "address",
                e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
            return null;
        }
    }
}
