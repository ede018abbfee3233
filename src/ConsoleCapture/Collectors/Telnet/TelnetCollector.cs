using System.Buffers;
using System.Net.Sockets;
using SolWatch.ConsoleCapture.Collectors.Tcp;

namespace SolWatch.ConsoleCapture.Collectors.Telnet;

/// <summary>
/// Reads a telnet console: negotiation answered, IAC sequences removed from the console bytes (see
/// <see cref="TelnetProtocol"/>). Input is IAC-escaped; a break is IAC BRK.
/// </summary>
public sealed class TelnetCollector : IConsoleCollector, IConsoleWriter, IDisposable
{
    private readonly TelnetCollectorOptions _options;
    // Replies to negotiation and user input share the socket; the lock keeps one send from interleaving
    // with another (Socket.SendAsync may send a large buffer in parts).
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Socket? _socket;

    /// <summary>Creates the collector; it connects in <see cref="RunAsync"/>.</summary>
    public TelnetCollector(TelnetCollectorOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public string Endpoint => $"telnet://{_options.Connection.Endpoint}";

    /// <inheritdoc />
    public async Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        TcpCollectorOptions tcp = _options.Connection;
        using Socket socket = await TcpConnector.ConnectAsync(tcp, "telnet", cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _socket, socket);
        try
        {
            sink.OnConnected($"telnet {tcp.Endpoint}");
            var protocol = new TelnetProtocol();
            var data = new ArrayBufferWriter<byte>(8192);
            var replies = new ArrayBufferWriter<byte>(64);
            byte[] buffer = new byte[8192];
            while (true)
            {
                int n = await TcpConnector.ReceiveAsync(socket, buffer, "telnet", tcp.Endpoint, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }
                DateTimeOffset receivedAt = DateTimeOffset.UtcNow;
                data.ResetWrittenCount();
                replies.ResetWrittenCount();
                protocol.Decode(buffer.AsSpan(0, n), data, replies);
                if (replies.WrittenCount > 0)
                {
                    await SendRawAsync(socket, replies.WrittenMemory, cancellationToken).ConfigureAwait(false);
                }
                if (data.WrittenCount > 0)
                {
                    sink.OnBytes(data.WrittenSpan, receivedAt);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _socket, null);
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await SendRawAsync(CurrentSocket(), TelnetProtocol.Escape(data.Span), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask SendBreakAsync(CancellationToken cancellationToken) =>
        await SendRawAsync(CurrentSocket(), new byte[] { TelnetProtocol.Iac, TelnetProtocol.Brk }, cancellationToken).ConfigureAwait(false);

    /// <summary>Releases the send lock (the connection itself lives only inside <see cref="RunAsync"/>).</summary>
    public void Dispose() => _sendLock.Dispose();

    private Socket CurrentSocket() =>
        Volatile.Read(ref _socket) ?? throw new InvalidOperationException($"{Endpoint} is not connected; try again when the console is up");

    private async Task SendRawAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!bytes.IsEmpty)
            {
                int sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                bytes = bytes[sent..];
            }
        }
        catch (SocketException ex)
        {
            throw new IOException($"{Endpoint}: send failed: {ex.Message}", ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
