using System.Net;

namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>The UDP socket that receives netconsole from many machines; each sender address is one console.</summary>
public sealed record NetconsoleListenerOptions
{
    /// <summary>Creates and validates the options.</summary>
    /// <param name="bindAddress">Local address to listen on (e.g. 0.0.0.0, or one interface's address).</param>
    /// <param name="port">UDP port (the kernel's default target port is 6666).</param>
    /// <param name="format">Datagram format; <see cref="NetconsoleFormat.Auto"/> by default.</param>
    /// <param name="receiveBufferBytes">Socket receive buffer (default 4 MiB): a panic on a thousand machines at once
    /// is a burst, and UDP drops what does not fit.</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public NetconsoleListenerOptions(IPAddress bindAddress, int port, NetconsoleFormat format = NetconsoleFormat.Auto, int receiveBufferBytes = 4 << 20)
    {
        BindAddress = bindAddress ?? throw new ArgumentNullException(nameof(bindAddress), "netconsole listen address is missing");
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"netconsole port must be 1-65535 (got {port})", nameof(port));
        }
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentException($"netconsole format must be auto, plain or extended (got {format})", nameof(format));
        }
        if (receiveBufferBytes is < 65536 or > (256 << 20))
        {
            throw new ArgumentException($"netconsole receive buffer must be 64 KiB - 256 MiB (got {receiveBufferBytes})", nameof(receiveBufferBytes));
        }
        Port = port;
        Format = format;
        ReceiveBufferBytes = receiveBufferBytes;
    }

    /// <summary>Local address.</summary>
    public IPAddress BindAddress { get; }

    /// <summary>UDP port.</summary>
    public int Port { get; }

    /// <summary>Datagram format.</summary>
    public NetconsoleFormat Format { get; }

    /// <summary>SO_RCVBUF request.</summary>
    public int ReceiveBufferBytes { get; }

    /// <summary>address:port, for logs.</summary>
    public string Endpoint => new IPEndPoint(BindAddress, Port).ToString();
}
