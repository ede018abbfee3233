using System.Threading.Channels;
using Serilog;
using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// Hands one SOL console's data from the endpoint's receive loop to the console's sink, on a reader of its own.
/// Why not inline: the receive loop serves every IPMI console of the daemon and sends their ACKs, and a BMC resends an
/// unacknowledged packet only a few times before it gives up on it — ipmi_sim drops its whole output buffer after four
/// resends a second apart, counted over a burst, not per packet. Framing and detection on that loop made one
/// console's slow moment (a report being built, a GC pause on a loaded host) every console's late ACK, and a VM's boot
/// lost kilobytes mid-burst. Bounded in bytes: a packet that would pass <see cref="Limit"/> is refused and the caller
/// leaves it unacknowledged, so the BMC sends it again later and its own buffer, not our memory, takes the overflow.
/// </summary>
internal sealed class SolDelivery
{
    /// <summary>Most bytes waiting for the sink: about four thousand full ipmi_sim packets.</summary>
    public const int Limit = 1 << 20;

    private readonly IConsoleSink sink;
    private readonly ILogger log;
    private readonly string endpoint;
    // One writer (the receive loop, under the connection's lock) and one reader (ReadAsync): the options let the
    // channel skip the synchronization it would need for more. Unbounded as a channel, bounded by `waiting`.
    private readonly Channel<Chunk> chunks = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = true,
    });
    private readonly Task reader;
    private long waiting;
    private long refused;
    // Written by the one writer only: whether the last packet was refused, so that each episode is logged once.
    private bool behind;

    private readonly record struct Chunk(ReadOnlyMemory<byte> Bytes, DateTimeOffset ReceivedAt);

    public SolDelivery(IConsoleSink sink, ILogger log, string endpoint)
    {
        this.sink = sink;
        this.log = log;
        this.endpoint = endpoint;
        reader = Task.Run(ReadAsync);
    }

    /// <summary>Packets refused because <see cref="Limit"/> bytes were waiting (each is sent again by the BMC).</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>Completes when everything accepted before <see cref="Complete"/> has reached the sink.</summary>
    public Task Completion => reader;

    /// <summary>
    /// Queues <paramref name="bytes"/> (kept, not copied: the caller gives up the array) for the sink; false when the
    /// sink is <see cref="Limit"/> bytes behind, or after <see cref="Complete"/>.
    /// </summary>
    public bool TryDeliver(ReadOnlyMemory<byte> bytes, DateTimeOffset receivedAt)
    {
        if (Interlocked.Read(ref waiting) + bytes.Length > Limit)
        {
            Interlocked.Increment(ref refused);
            Metrics.SolwatchInstruments.SolPacketsRefused.Add(1, new KeyValuePair<string, object?>("bmc", endpoint));
            if (!behind)
            {
                behind = true;
                log.Warning("IPMI console {Endpoint}: the detector is {Bytes} bytes behind the console; SOL packets wait unacknowledged at the BMC until it catches up", endpoint, Limit);
            }
            return false;
        }
        if (behind)
        {
            behind = false;
            log.Information("IPMI console {Endpoint}: the detector caught up; {Refused} SOL packets were refused so far, and resent by the BMC", endpoint, Refused);
        }
        Interlocked.Add(ref waiting, bytes.Length);
        if (chunks.Writer.TryWrite(new Chunk(bytes, receivedAt)))
        {
            return true;
        }
        Interlocked.Add(ref waiting, -bytes.Length);
        return false;
    }

    /// <summary>No more bytes: what was accepted is still delivered (<see cref="Completion"/>).</summary>
    public void Complete() => chunks.Writer.TryComplete();

    private async Task ReadAsync()
    {
        await foreach (Chunk chunk in chunks.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Interlocked.Add(ref waiting, -chunk.Bytes.Length);
            try
            {
                sink.OnBytes(chunk.Bytes.Span, chunk.ReceivedAt);
            }
            catch (Exception e)
            {
                // The sink's failure on one chunk must not end the console: the next chunk may well go through.
                log.Error(e, "IPMI console {Endpoint}: console data could not be handed on", endpoint);
            }
        }
    }
}
