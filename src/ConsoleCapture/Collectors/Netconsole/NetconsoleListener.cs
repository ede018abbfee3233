using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>
/// One UDP socket for many netconsole senders: every datagram goes to the console of its source address.
/// The daemon asks <see cref="CollectorFor"/> for each configured sender (and supervises those collectors like any
/// other) and runs <see cref="RunAsync"/> once; datagrams from other addresses go to the unknown-sender callback.
/// One receive loop, no thread per sender, and no datagram can end it: a datagram that fails to decode is counted,
/// logged (a few a minute) and skipped. A tick once a second shows overdue partial messages and, once per
/// <see cref="ReportInterval"/>, logs one summary of the datagrams dropped without a line each.
/// </summary>
public sealed class NetconsoleListener
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly NetconsoleListenerOptions _options;
    private readonly UnknownSenderHandler? _onUnknownSender;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<IPAddress, NetconsoleCollector> _senders = new();
    private readonly UnknownSenderLog _unknown;
    private readonly ThrottledWarning _oversized = new(perInterval: 5);
    private readonly ThrottledWarning _failures = new(perInterval: 5);
    private TaskCompletionSource<string> _stopped = NewStopped();
    private volatile bool _listening;
    private long _datagrams;
    private long _droppedOversized;
    private long _decodeFailures;
    private long _unknownSenderDatagrams;

    /// <summary>Creates the listener; it binds in <see cref="RunAsync"/>.</summary>
    /// <param name="options">Socket options.</param>
    /// <param name="onUnknownSender">Also called for each datagram from an unconfigured address (they are logged anyway).</param>
    /// <param name="log">Where drops and failures are logged (rate-limited).</param>
    /// <param name="clock">Time source (tests).</param>
    /// <param name="reportInterval">How often dropped datagrams are summed up in the log (one minute by default).</param>
    public NetconsoleListener(
        NetconsoleListenerOptions options, UnknownSenderHandler? onUnknownSender = null, ILogger? log = null, TimeProvider? clock = null, TimeSpan? reportInterval = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _onUnknownSender = onUnknownSender;
        _log = log ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        ReportInterval = reportInterval ?? TimeSpan.FromMinutes(1);
        if (ReportInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(reportInterval), reportInterval, "the report interval must be positive");
        }
        _unknown = new UnknownSenderLog(_log, _options.Endpoint);
    }

    /// <summary>How often the datagrams dropped without a log line each are summed up in one.</summary>
    public TimeSpan ReportInterval { get; }

    /// <summary>The listener's counters now.</summary>
    public NetconsoleHealth Health => new(
        Endpoint, _listening, Interlocked.Read(ref _datagrams), Interlocked.Read(ref _droppedOversized), Interlocked.Read(ref _decodeFailures),
        _senders.Values.Sum(c => c.IncompleteMessages), Interlocked.Read(ref _unknownSenderDatagrams));

    /// <summary>Addresses of unknown senders remembered now (bounded, whatever the number of spoofed sources).</summary>
    internal int UnknownSendersRemembered => _unknown.Remembered;

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
            using var ticking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task ticks = TickAsync(ticking.Token);
            try
            {
                await ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await ticking.CancelAsync().ConfigureAwait(false);
                await ticks.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (IOException ex)
        {
            reason = ex.Message;
            throw;
        }
        finally
        {
            _listening = false;
            TaskCompletionSource<string> stopped = Interlocked.Exchange(ref _stopped, NewStopped());
            stopped.TrySetResult(reason);
        }
    }

    private async Task ReceiveAsync(Socket socket, CancellationToken cancellationToken)
    {
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
                throw new IOException($"netconsole listener {Endpoint}: receive failed: {ex.Message}", ex);
            }
            Interlocked.Increment(ref _datagrams);
            Handle((IPEndPoint)result.RemoteEndPoint, buffer.AsSpan(0, result.ReceivedBytes), output);
        }
    }

    /// <summary>One datagram: to its console, or counted as unknown or dropped. Never throws: a datagram must not end the loop.</summary>
    private void Handle(IPEndPoint from, ReadOnlySpan<byte> datagram, ArrayBufferWriter<byte> output)
    {
        IPAddress sender = Normalize(from.Address);
        try
        {
            if (_senders.TryGetValue(sender, out NetconsoleCollector? collector))
            {
                if (collector.Deliver(datagram, output, _clock.GetUtcNow()) == NetconsoleDecodeOutcome.DroppedOversized)
                {
                    Interlocked.Increment(ref _droppedOversized);
                    if (_oversized.Occurred())
                    {
                        _log.LogWarning("Netconsole from {Sender} on {Endpoint}: dropped a fragment claiming a {Header} message, more than the {Max} bytes a kernel sends (spoofed or corrupt); further ones are counted in the health report",
                            sender, Endpoint, FragmentHeader(datagram), NetconsoleLimits.MaxMessageBytes);
                    }
                }
            }
            else
            {
                Interlocked.Increment(ref _unknownSenderDatagrams);
                _unknown.Seen(sender);
                _onUnknownSender?.Invoke(from, datagram);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Increment(ref _decodeFailures);
            if (_failures.Occurred())
            {
                _log.LogError(ex, "Netconsole from {Sender} on {Endpoint}: a datagram of {Length} bytes could not be decoded and was skipped; the listener goes on",
                    sender, Endpoint, datagram.Length);
            }
        }
    }

    /// <summary>Once a second: overdue partial messages are shown; once per interval, the drop summaries are logged.</summary>
    private async Task TickAsync(CancellationToken ct)
    {
        var scratch = new ArrayBufferWriter<byte>(1024);
        DateTimeOffset intervalStart = _clock.GetUtcNow();
        using var timer = new PeriodicTimer(Tick, _clock);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            DateTimeOffset now = _clock.GetUtcNow();
            foreach (NetconsoleCollector collector in _senders.Values)
            {
                try
                {
                    collector.FlushStale(scratch, now);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref _decodeFailures);
                    _log.LogError(ex, "Netconsole {Collector}: showing an overdue partial message failed", collector.Endpoint);
                }
            }
            if (now - intervalStart >= ReportInterval)
            {
                EndInterval(now - intervalStart);
                intervalStart = now;
            }
        }
    }

    private void EndInterval(TimeSpan interval)
    {
        _unknown.EndInterval(interval);
        if (_oversized.TakeSuppressed() is > 0 and long oversized)
        {
            _log.LogWarning("Netconsole on {Endpoint}: dropped {Count} more fragments claiming messages over {Max} bytes in the last {Seconds:0} s",
                Endpoint, oversized, NetconsoleLimits.MaxMessageBytes, interval.TotalSeconds);
        }
        if (_failures.TakeSuppressed() is > 0 and long failures)
        {
            _log.LogError("Netconsole on {Endpoint}: {Count} more datagrams could not be decoded in the last {Seconds:0} s (skipped)",
                Endpoint, failures, interval.TotalSeconds);
        }
    }

    /// <summary>The header of a datagram (up to its ';', at most 120 bytes, printable ASCII), for a log line.</summary>
    private static string FragmentHeader(ReadOnlySpan<byte> datagram)
    {
        int end = datagram[..Math.Min(datagram.Length, 120)].IndexOf((byte)';');
        ReadOnlySpan<byte> head = end >= 0 ? datagram[..end] : datagram[..Math.Min(datagram.Length, 120)];
        return string.Create(head.Length, head.ToArray(), static (chars, bytes) =>
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '?';
            }
        });
    }

    /// <summary>Completes (with the reason) when the current run of the listener ends.</summary>
    internal Task<string> Stopped => Volatile.Read(ref _stopped).Task;

    private static TaskCompletionSource<string> NewStopped() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
