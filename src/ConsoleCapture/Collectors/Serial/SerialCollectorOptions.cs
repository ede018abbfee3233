using System.IO.Ports;

namespace SolWatch.ConsoleCapture.Collectors.Serial;

/// <summary>A local serial port (USB serial adapter, /dev/ttyS*, a pty).</summary>
public sealed record SerialCollectorOptions
{
    /// <summary>Creates and validates the options.</summary>
    /// <param name="device">Device path, e.g. /dev/ttyUSB0 or a stable /dev/serial/by-id/... link.</param>
    /// <param name="baudRate">Line speed (default 115200).</param>
    /// <param name="parity">Parity (default none).</param>
    /// <param name="dataBits">Data bits, 5-8 (default 8).</param>
    /// <param name="stopBits">Stop bits (default one).</param>
    /// <param name="flowControl">Flow control (default none).</param>
    /// <param name="staleCheckInterval">How often the device path is checked for having been replaced (replug) while
    /// the port is open (default 2 s).</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public SerialCollectorOptions(
        string device, int baudRate = 115200, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One,
        SerialFlowControl flowControl = SerialFlowControl.None, TimeSpan? staleCheckInterval = null)
    {
        if (string.IsNullOrWhiteSpace(device) || !device.StartsWith('/'))
        {
            throw new ArgumentException($"device must be an absolute path such as /dev/ttyUSB0 (got '{device}')", nameof(device));
        }
        if (baudRate is < 50 or > 4_000_000)
        {
            throw new ArgumentException($"baud rate must be 50-4000000 (got {baudRate})", nameof(baudRate));
        }
        if (dataBits is < 5 or > 8)
        {
            throw new ArgumentException($"data bits must be 5-8 (got {dataBits})", nameof(dataBits));
        }
        if (stopBits == StopBits.None || !Enum.IsDefined(stopBits))
        {
            throw new ArgumentException($"stop bits must be 1, 1.5 or 2 (got {stopBits})", nameof(stopBits));
        }
        if (!Enum.IsDefined(parity))
        {
            throw new ArgumentException($"parity must be none, odd, even, mark or space (got {parity})", nameof(parity));
        }
        if (!Enum.IsDefined(flowControl))
        {
            throw new ArgumentException($"flow control must be none, rtscts or xonxoff (got {flowControl})", nameof(flowControl));
        }
        Device = device;
        BaudRate = baudRate;
        Parity = parity;
        DataBits = dataBits;
        StopBits = stopBits;
        FlowControl = flowControl;
        StaleCheckInterval = staleCheckInterval ?? TimeSpan.FromSeconds(2);
        if (StaleCheckInterval < TimeSpan.FromMilliseconds(50))
        {
            throw new ArgumentException($"stale check interval must be >= 50 ms (got {StaleCheckInterval})", nameof(staleCheckInterval));
        }
    }

    /// <summary>Device path.</summary>
    public string Device { get; }

    /// <summary>Line speed.</summary>
    public int BaudRate { get; }

    /// <summary>Parity.</summary>
    public Parity Parity { get; }

    /// <summary>Data bits.</summary>
    public int DataBits { get; }

    /// <summary>Stop bits.</summary>
    public StopBits StopBits { get; }

    /// <summary>Flow control.</summary>
    public SerialFlowControl FlowControl { get; }

    /// <summary>Interval of the replaced-device check.</summary>
    public TimeSpan StaleCheckInterval { get; }
}
