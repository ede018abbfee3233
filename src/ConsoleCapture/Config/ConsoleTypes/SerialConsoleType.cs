using System.IO.Ports;
using SolWatch.ConsoleCapture.Collectors.Serial;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: serial</c>: a local serial port. Keys: <c>device</c> (required, e.g. /dev/ttyUSB0), <c>baud</c> (115200),
/// <c>parity</c> (none|odd|even|mark|space), <c>dataBits</c> (8), <c>stopBits</c> (1|1.5|2), <c>flowControl</c>
/// (none|rtscts|xonxoff), <c>sendTimeout</c> (how long <c>solwatch send</c> waits while flow control holds the
/// port, default 5s: a slow baud rate needs more for long texts). A device that does not exist yet is a problem of that console only: it is reported
/// and the console keeps trying (a USB adapter may be plugged in later); the other consoles run.
/// </summary>
public sealed class SerialConsoleType : IConsoleType
{
    /// <inheritdoc />
    public string Name => "serial";

    /// <inheritdoc />
    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context) =>
        SendTimeoutSetting.Around(console, () => ReadSettings(console, context));

    private static CollectorSettings<SerialCollectorOptions>? ReadSettings(YamlMap console, ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(console);
        string? device = console.Text("device", required: true);
        int baud = console.Number("baud", 50, 4_000_000, "a baud rate") ?? 115200;
        Parity parity = console.OneOf("parity", "none", "odd", "even", "mark", "space") is { } p ? Enum.Parse<Parity>(p, ignoreCase: true) : Parity.None;
        int dataBits = console.Number("dataBits", 5, 8) ?? 8;
        StopBits stopBits = console.OneOf("stopBits", "1", "1.5", "2") switch
        {
            "1.5" => StopBits.OnePointFive,
            "2" => StopBits.Two,
            _ => StopBits.One,
        };
        SerialFlowControl flow = console.OneOf("flowControl", "none", "rtscts", "xonxoff") is { } f
            ? Enum.Parse<SerialFlowControl>(f, ignoreCase: true)
            : SerialFlowControl.None;
        if (device is null)
        {
            return null;
        }
        var settings = CollectorSettings.Build(
            console, "device", () => new SerialCollectorOptions(device, baud, parity, dataBits, stopBits, flow),
            o => $"serial {o.Device} {o.BaudRate} baud", o => new SerialCollector(o));
        if (settings is not null && console.Diagnostics.CheckEnvironment && !File.Exists(device))
        {
            console.Diagnostics.ConsoleProblem(console.Raw("device")!, console.KeyPath("device"),
                $"{ConfigText.Show(device)} does not exist (is the adapter plugged in? check `ls -l /dev/serial/by-id/`); this console keeps retrying");
        }
        return settings;
    }
}
