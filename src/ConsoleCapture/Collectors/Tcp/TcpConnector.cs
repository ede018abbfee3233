using System.Net.Sockets;

namespace SolWatch.ConsoleCapture.Collectors.Tcp;

/// <summary>Opens the TCP connection of the tcp and telnet collectors: bounded connect time, keepalive on.</summary>
internal static class TcpConnector
{
    /// <summary>Connects or throws an <see cref="IOException"/> that names the endpoint and what to check.</summary>
    public static async Task<Socket> ConnectAsync(TcpCollectorOptions options, string kind, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Keepalive: a console is often silent for days, so a dead peer is noticed only by probing.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)options.KeepAliveIdle.TotalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, (int)options.KeepAliveInterval.TotalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, options.KeepAliveProbes);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException(
                    $"{kind} {options.Endpoint}: no connection within {options.ConnectTimeout.TotalSeconds:0.#} s; check that the console server is up and reachable");
            }
            catch (SocketException ex)
            {
                throw new IOException($"{kind} {options.Endpoint}: connect failed: {ex.Message}; check host, port and that the console server is up", ex);
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads once; 0 means the peer closed. Socket errors become an <see cref="IOException"/> naming the endpoint.</summary>
    public static async ValueTask<int> ReceiveAsync(Socket socket, Memory<byte> buffer, string kind, string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new IOException($"{kind} {endpoint}: connection lost: {ex.Message}", ex);
        }
    }
}
