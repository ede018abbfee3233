using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>
/// One UDP socket for many netconsole senders: every datagram goes to the console of its source address.
/// The daemon asks <see cref="CollectorFor"/> for each configured sender (and supervises those collectors like any
/// other) and runs <see cref="RunAsync"/> once; datagrams from other addresses go to the unknown-sender callback.
/// One receive loop, no thread per sender.
/// </summary>
public sealed class NetconsoleListener
{
    private readonly NetconsoleListenerOptions _options;
    private readonly UnknownSenderHandler? _onUnknownSender;
    private readonly ConcurrentDictionary<IPAddress, NetconsoleCollector> _senders = new();
    private TaskCompletionSource<string> _stopped = NewStopped();
    private volatile bool _listening;

    /// <summary>Creates the listener; it binds in <see cref="RunAsync"/>.</summary>
    public NetconsoleListener(NetconsoleListenerOptions options, UnknownSenderHandler? onUnknownSender = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _onUnknownSender = onUnknownSender;
    }

    /// <summary>udp://address:port, for logs.</summary>
    public string Endpoint => $"udp://{_options.Endpoint}";

    /// <summary>Whether the socket is bound and receiving.</summary>
    public bool IsListening => _listening;

    /// <summary>
    /// The collector of the console whose netconsole comes from <paramref name="sender"/>. One per address.
    /// </summary>
    /// <exception cref="ArgumentException">A collector for this address already exists (two consoles with one sender).</exception>
    public IConsoleCollector CollectorFor(IPAddress sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        IPAddress key = Normalize(sender);
        var collector = new NetconsoleCollector(this, key, new NetconsoleDecoder(_options.Format));
        return _senders.TryAdd(key, collector)
            ? collector
            : throw new ArgumentException($"netconsole sender {key} is configured for two consoles on {Endpoint}; each sender address can be one console only", nameof(sender));
    }

    /// <summary>
    /// Binds and receives until cancelled. A socket error ends the run with an <see cref="IOException"/>
    /// (the attached collectors fail with it too and are retried by their supervisors); call again to rebind.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string reason = $"netconsole listener {Endpoint} stopped";
        using var socket = new Socket(_options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = _options.ReceiveBufferBytes;
            if (_options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = true;
            }
            try
            {
                socket.Bind(new IPEndPoint(_options.BindAddress, _options.Port));
            }
            catch (SocketException ex)
            {
                reason = $"netconsole listener {Endpoint}: cannot bind: {ex.Message}; check that the address is local and no other program uses the port";
                throw new IOException(reason, ex);
            }
            _listening = true;
            byte[] buffer = new byte[65536];
            var output = new ArrayBufferWriter<byte>(4096);
            EndPoint any = new IPEndPoint(_options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (true)
            {
                SocketReceiveFromResult result;
                try
                {
                    result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    continue; // an ICMP error for an earlier datagram, or an oversized one: not fatal for UDP
                }
                catch (SocketException ex)
                {
                    reason = $"netconsole listener {Endpoint}: receive failed: {ex.Message}";
                    throw new IOException(reason, ex);
                }
                var from = (IPEndPoint)result.RemoteEndPoint;
                ReadOnlySpan<byte> datagram = buffer.AsSpan(0, result.ReceivedBytes);
                if (_senders.TryGetValue(Normalize(from.Address), out NetconsoleCollector? collector))
                {
                    output.ResetWrittenCount();
                    collector.Deliver(datagram, output, DateTimeOffset.UtcNow);
                }
                else
                {
                    _onUnknownSender?.Invoke(from, datagram);
                }
            }
        }
        finally
        {
            _listening = false;
            TaskCompletionSource<string> stopped = Interlocked.Exchange(ref _stopped, NewStopped());
            stopped.TrySetResult(reason);
        }
    }

    /// <summary>Completes (with the reason) when the current run of the listener ends.</summary>
    internal Task<string> Stopped => Volatile.Read(ref _stopped).Task;

    private static TaskCompletionSource<string> NewStopped() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
