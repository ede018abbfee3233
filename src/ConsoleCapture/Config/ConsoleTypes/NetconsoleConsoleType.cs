using System.Net;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Collectors.Netconsole;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: netconsole</c>: the kernel's netconsole (UDP) from one machine. Consoles with the same <c>listen</c> and
/// <c>port</c> share one socket; each is the datagrams of its <c>sender</c>. Keys: <c>sender</c> (required, the
/// machine's IP), <c>listen</c> (0.0.0.0), <c>port</c> (6666), <c>format</c> (auto|plain|extended; one per port).
/// </summary>
public sealed class NetconsoleConsoleType : IConsoleType
{
    /// <inheritdoc />
    public string Name => "netconsole";

    /// <inheritdoc />
    /// <remarks>No: datagrams are whole kernel messages, not a byte stream.</remarks>
    public bool KeepsRawTranscript => false;

    /// <inheritdoc />
    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(console);
        IPAddress? sender = Address(console, "sender", null);
        IPAddress? listen = Address(console, "listen", "0.0.0.0");
        int port = console.Port("port") ?? 6666;
        NetconsoleFormat format = console.OneOf("format", "auto", "plain", "extended") is { } f
            ? Enum.Parse<NetconsoleFormat>(f, ignoreCase: true)
            : NetconsoleFormat.Auto;
        if (sender is null || listen is null)
        {
            return null;
        }
        return CollectorSettings.Build(
            console, "port", () => new NetconsoleListenerOptions(listen, port, format),
            o => $"netconsole from {sender} on udp {o.Endpoint}",
            _ => throw new InvalidOperationException("netconsole collectors come from their shared listener"))
            is { } built
            ? new NetconsoleSettings(built.Options, sender)
            : null;
    }

    private static IPAddress? Address(YamlMap console, string key, string? fallback)
    {
        string? text = fallback is null ? console.Text(key, required: true) : console.Text(key) ?? fallback;
        if (text is null)
        {
            return null;
        }
        if (IPAddress.TryParse(text, out IPAddress? address))
        {
            return address;
        }
        console.Error(key, $"{ConfigText.Show(text)} is not an IP address");
        return null;
    }
}

/// <summary>Settings of a <c>netconsole</c> console.</summary>
/// <param name="Listener">The shared listener's options.</param>
/// <param name="Sender">The machine whose datagrams are this console.</param>
public sealed record NetconsoleSettings(NetconsoleListenerOptions Listener, IPAddress Sender) : ConsoleSettings
{
    /// <inheritdoc />
    public override string Endpoint => $"netconsole from {Sender} on udp {Listener.Endpoint}";

    /// <inheritdoc />
    public override IConsoleCollector CreateCollector(CollectorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ILogger log = context.Loggers.CreateLogger("SolWatch.Netconsole");
        // The listener logs unknown senders itself, in bounded memory and at a bounded rate.
        NetconsoleListener listener = context.Shared.GetOrAdd(
            $"netconsole listener udp://{Listener.Endpoint}",
            () => new NetconsoleListener(Listener, log: log),
            (l, ct) => l.RunAsync(ct));
        return listener.CollectorFor(Sender);
    }
}
