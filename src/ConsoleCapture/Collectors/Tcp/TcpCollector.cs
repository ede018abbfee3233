using System.Net.Sockets;

namespace SolWatch.ConsoleCapture.Collectors.Tcp;

/// <summary>
/// Reads a raw TCP console (ser2net raw, terminal servers, qemu -serial tcp): every byte is console output.
/// Input is sent as is. Raw TCP has no way to send a serial break.
/// </summary>
public sealed class TcpCollector : IConsoleCollector, IConsoleWriter
{
    private readonly TcpCollectorOptions _options;
    private Socket? _socket;

    /// <summary>Creates the collector; it connects in <see cref="RunAsync"/>.</summary>
    public TcpCollector(TcpCollectorOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public string Endpoint => $"tcp://{_options.Endpoint}";

    /// <inheritdoc />
    public async Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        using Socket socket = await TcpConnector.ConnectAsync(_options, "tcp", cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _socket, socket);
        try
        {
            sink.OnConnected($"tcp {_options.Endpoint}");
            byte[] buffer = new byte[8192];
            while (true)
            {
                int n = await TcpConnector.ReceiveAsync(socket, buffer, "tcp", _options.Endpoint, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }
                sink.OnBytes(buffer.AsSpan(0, n), DateTimeOffset.UtcNow);
            }
        }
        finally
        {
            Volatile.Write(ref _socket, null);
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Socket socket = Volatile.Read(ref _socket)
            ?? throw new InvalidOperationException($"{Endpoint} is not connected; try again when the console is up");
        await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask SendBreakAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Endpoint}: raw TCP cannot carry a serial break; use a telnet (RFC 2217) port of the console server");
}
