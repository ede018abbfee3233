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
    // Negotiation replies that arrived while a user's write held the socket (a peer that does not read keeps it for
    // as long as it does not read): kept here and sent by the next holder of the lock, so the read loop never waits
    // behind that write and the console's output is still captured. Guarded by itself.
    private readonly List<byte> _pendingReplies = [];
    private Socket? _socket;

    /// <summary>
    /// Most negotiation reply bytes kept while a write holds the socket. A server that floods requests (WILL/DO of
    /// options we refuse) and never reads made the list grow without limit; replies beyond this are dropped, which
    /// a server that does not read cannot notice, and RFC 854 peers negotiate far less than this.
    /// </summary>
    internal const int MaxPendingReplies = 4096;

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
        // Replies owed to an earlier connection mean nothing to this one.
        _ = TakePendingReplies();
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
                    await ReplyAsync(socket, replies.WrittenSpan, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Sends negotiation replies now if the socket is free, else leaves them to the write holding it.</summary>
    private Task ReplyAsync(Socket socket, ReadOnlySpan<byte> replies, CancellationToken cancellationToken)
    {
        lock (_pendingReplies)
        {
            if (_pendingReplies.Count + replies.Length <= MaxPendingReplies)
            {
                _pendingReplies.AddRange(replies);
            }
        }
        return _sendLock.Wait(0, CancellationToken.None) ? SendLockedAsync(socket, ReadOnlyMemory<byte>.Empty, cancellationToken) : Task.CompletedTask;
    }

    private async Task SendRawAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        await SendLockedAsync(socket, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends pending replies, then <paramref name="bytes"/>, then replies that came meanwhile; releases the lock.</summary>
    private async Task SendLockedAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await SendAllAsync(socket, TakePendingReplies(), cancellationToken).ConfigureAwait(false);
            await SendAllAsync(socket, bytes, cancellationToken).ConfigureAwait(false);
            await SendAllAsync(socket, TakePendingReplies(), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Negotiation reply bytes waiting for the socket (for tests: it must stay bounded).</summary>
    internal int PendingReplyBytes
    {
        get
        {
            lock (_pendingReplies)
            {
                return _pendingReplies.Count;
            }
        }
    }

    private byte[] TakePendingReplies()
    {
        lock (_pendingReplies)
        {
            byte[] pending = [.. _pendingReplies];
            _pendingReplies.Clear();
            return pending;
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }
}
