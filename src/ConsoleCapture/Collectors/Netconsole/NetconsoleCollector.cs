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
    internal void Deliver(ReadOnlySpan<byte> datagram, ArrayBufferWriter<byte> scratch, DateTimeOffset receivedAt)
    {
        IConsoleSink? sink = Volatile.Read(ref _sink);
        if (sink is null)
        {
            return;
        }
        decoder.Decode(datagram, scratch);
        if (scratch.WrittenCount > 0)
        {
            sink.OnBytes(scratch.WrittenSpan, receivedAt);
        }
    }
}
