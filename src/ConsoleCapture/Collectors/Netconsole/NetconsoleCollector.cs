using System.Buffers;
using System.Net;

namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>
/// The console of one netconsole sender, fed by its <see cref="NetconsoleListener"/>. While it runs, the sender's
/// datagrams are decoded into its sink; while it does not (backoff, stopped), they are dropped, and an extended
/// sender's sequence numbers later show the hole.
/// </summary>
internal sealed class NetconsoleCollector(NetconsoleListener listener, IPAddress sender, NetconsoleDecoder decoder) : IConsoleCollector
{
    // Deliver (the receive loop) and FlushStale (the listener's tick) both use the decoder, which is not
    // thread-safe; this lock is uncontended but for the once-a-second tick.
    private readonly Lock _decoding = new();
    private IConsoleSink? _sink;

    /// <inheritdoc />
    public string Endpoint => $"netconsole:{sender} via {listener.Endpoint}";

    /// <inheritdoc />
    public async Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Task<string> stopped = listener.Stopped;
        if (!listener.IsListening)
        {
            throw new IOException($"{Endpoint}: the netconsole listener is not listening (yet); see its own error in the log");
        }
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException($"{Endpoint} is already running");
        }
        try
        {
            sink.OnConnected($"netconsole from {sender} on {listener.Endpoint}");
            string reason = await stopped.WaitAsync(cancellationToken).ConfigureAwait(false);
            throw new IOException(reason);
        }
        finally
        {
            Volatile.Write(ref _sink, null);
        }
    }

    /// <summary>Decodes one datagram into the sink, if attached (called by the listener's receive loop only).</summary>
    internal NetconsoleDecodeOutcome Deliver(ReadOnlySpan<byte> datagram, ArrayBufferWriter<byte> scratch, DateTimeOffset receivedAt)
    {
        IConsoleSink? sink = Volatile.Read(ref _sink);
        if (sink is null)
        {
            return NetconsoleDecodeOutcome.Decoded;
        }
        lock (_decoding)
        {
            scratch.ResetWrittenCount();
            NetconsoleDecodeOutcome outcome = decoder.Decode(datagram, scratch, receivedAt);
            if (scratch.WrittenCount > 0)
            {
                sink.OnBytes(scratch.WrittenSpan, receivedAt);
            }
            return outcome;
        }
    }

    /// <summary>Messages of this sender shown incomplete so far.</summary>
    internal long IncompleteMessages
    {
        get
        {
            lock (_decoding)
            {
                return decoder.IncompleteMessages;
            }
        }
    }

    /// <summary>Shows a message whose missing fragments are overdue, marked incomplete (the listener's tick); true when one was.</summary>
    internal bool FlushStale(ArrayBufferWriter<byte> scratch, DateTimeOffset now)
    {
        IConsoleSink? sink = Volatile.Read(ref _sink);
        if (sink is null)
        {
            return false;
        }
        lock (_decoding)
        {
            scratch.ResetWrittenCount();
            if (!decoder.FlushStale(now, scratch))
            {
                return false;
            }
            sink.OnBytes(scratch.WrittenSpan, now);
            return true;
        }
    }
}
