using System.Buffers.Binary;
using Serilog;
using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// The SOL payload (instance 1) on one <see cref="IpmiSession"/>: activation with the "already active" policy,
/// console data in (ACKed, retransmissions de-duplicated), keyboard data and breaks out (stop-and-wait with
/// retransmission, partial ACKs, NACK pause), and the keepalive that notices a dead or stolen session.
/// <see cref="Completion"/> fails with <see cref="IpmiSessionLostException"/> when the console is lost.
/// </summary>
internal sealed class SolConnection : IDisposable
{
    // BMC → console status bits
    private const byte StatusNack = 0x40;
    private const byte StatusDeactivating = 0x10;
    // console → BMC operation bits
    private const byte OpBreak = 0x10;
    private const byte Instance = 1;

    private readonly IpmiSession session;
    private readonly SolDelivery delivery;
    private readonly IpmiSolOptions options;
    private readonly ILogger log;
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource keepaliveStop = new();
    private readonly Timer retransmitTimer;

    // Guards the SOL state below: the endpoint's receive loop, the retransmit timer and writers all touch it.
    private readonly Lock gate = new();
    private readonly Queue<Outgoing> queue = new();
    private int maxCharacters = 28;
    private byte lastInboundSequence;
    private int lastInboundLength;
    private Outgoing? inFlight;
    private byte inFlightSequence;
    private int inFlightLength;
    private int inFlightSends;
    // Random start: ipmi_sim (and maybe others) remember the last packet sequence across SOL sessions and take a
    // first packet with that number for a retransmission, dropping its data; a fixed start would hit it every time.
    private byte nextSequence = (byte)Random.Shared.Next(1, 16);
    private bool paused;
    private bool stopped;
    private long retransmissions;
    private int disposed;
    private int stopping;
    // Set by the collector before its own deactivation on shutdown: what the BMC says from then on is no loss.
    private volatile bool closing;

    private sealed class Outgoing(byte[] data, bool isBreak)
    {
        public byte[] Data { get; } = data;
        public bool IsBreak { get; } = isBreak;
        public int Offset { get; set; }
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public SolConnection(IpmiSession session, IConsoleSink sink, IpmiSolOptions options, ILogger log)
    {
        this.session = session;
        delivery = new SolDelivery(sink, log, session.Endpoint);
        this.options = options;
        this.log = log;
        retransmitTimer = new Timer(_ => OnRetransmitTimer(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Completes when the connection is closed; faults with <see cref="IpmiSessionLostException"/> when the console is lost.</summary>
    public Task Completion => completion.Task;

    /// <summary>SOL packets we had to send again.</summary>
    public long Retransmissions => Interlocked.Read(ref retransmissions);

    /// <summary>Console data packets left unacknowledged while a MiB waited for the sink (each sent again by the BMC).</summary>
    public long Refused => delivery.Refused;

    /// <summary>
    /// Completes once the connection is closed (<see cref="Dispose"/>, or the console lost) and every byte it
    /// acknowledged has reached the sink: the collector awaits it before it returns, so nothing arrives after the gap.
    /// </summary>
    public Task Delivered => delivery.Completion;

    /// <summary>Largest number of characters the BMC accepts in one packet (from Activate Payload).</summary>
    public int MaxCharacters => maxCharacters;

    private string Endpoint => session.Endpoint;

    /// <summary>Activates SOL, applying <see cref="IpmiSolOptions.WhenActive"/>; then starts the keepalive.</summary>
    public async Task ActivateAsync(CancellationToken ct)
    {
        session.SetSolHandler(OnSolPayload);
        // encrypt + authenticate (when the suite has them), serial alerts deferred (some BMCs fail SOL otherwise)
        byte aux = (byte)((session.Suite.Confidentiality != ConfidentialityAlgorithm.None ? 0x80 : 0) |
                          (session.Suite.Integrity != IntegrityAlgorithm.None ? 0x40 : 0) | 0x04);
        DateTimeOffset waitingSince = DateTimeOffset.UtcNow;
        TimeSpan backoff = TimeSpan.FromSeconds(1);
        bool stole = false;
        IpmiResponse r;
        while (true)
        {
            r = await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.ActivatePayload, [0x01, Instance, aux, 0, 0, 0], ct);
            if (r.CompletionCode != 0x80)
            {
                break;
            }
            if (await OwnerAsync(ct) == session.BmcSessionId)
            {
                // our own activation, whose response was lost and whose retransmission found it active: start over
                await DeactivateAsync(ct);
                continue;
            }
            switch (options.WhenActive)
            {
                case SolActivePolicy.Fail:
                    throw new IpmiException(
                        $"SOL on BMC {Endpoint} is already active on another session (policy fail): close the other console " +
                        "(ipmitool sol deactivate) or set this console's SOL policy to steal or wait");
                case SolActivePolicy.Steal when !stole:
                    log.Warning("IPMI console {Endpoint}: SOL is active on another session; deactivating it (policy steal)", Endpoint);
                    await DeactivateAsync(ct);
                    stole = true;
                    break;
                case SolActivePolicy.Steal:
                    throw new IpmiException($"SOL on BMC {Endpoint} is still active on another session after deactivating it (policy steal); the BMC may ignore foreign deactivation");
                default:
                    if (DateTimeOffset.UtcNow - waitingSince > options.WaitTimeout)
                    {
                        throw new IpmiException($"SOL on BMC {Endpoint} stayed active on another session for {options.WaitTimeout} (policy wait); close the other console or use policy steal");
                    }
                    log.Information("IPMI console {Endpoint}: SOL is in use by another session; trying again in {Backoff} (policy wait)", Endpoint, backoff);
                    await Task.Delay(backoff * (0.8 + (0.2 * Random.Shared.NextDouble())), ct);
                    backoff = TimeSpan.FromTicks(Math.Min(options.WaitBackoffMax.Ticks, backoff.Ticks * 2));
                    break;
            }
        }
        if (r.CompletionCode != 0)
        {
            throw new IpmiException(r.CompletionCode switch
            {
                0x81 => $"SOL is disabled on BMC {Endpoint}; enable it (ipmitool sol set enabled true)",
                0x82 => $"BMC {Endpoint} has reached its limit of SOL sessions; close other consoles",
                0x83 => $"BMC {Endpoint} cannot run SOL encrypted; SolWatch does not fall back to clear text",
                0x84 => $"BMC {Endpoint} requires SOL encryption, which this cipher suite lacks; use suite 17 or 3",
                _ => $"BMC {Endpoint} refused to activate SOL (completion code 0x{r.CompletionCode:X2})",
            });
        }
        ApplyActivationResponse(r.Data);
        // ipmi_sim starts its packet sequence at 0 (not a valid data sequence); an ACK-only packet with ACK field 0
        // moves it on. For other BMCs this packet acknowledges nothing and is ignored.
        session.SendPayload(RmcpPayloadType.Sol, [0, 0, 0, 0]);
        _ = KeepaliveLoopAsync(keepaliveStop.Token);
    }

    /// <summary>The BMC session ID that holds SOL instance 1 (0 = none or unknown).</summary>
    private async Task<uint> OwnerAsync(CancellationToken ct)
    {
        IpmiResponse r = await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetPayloadInstanceInfo, [0x01, Instance], ct);
        return r.CompletionCode == 0 && r.Data.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(r.Data) : 0;
    }

    private void ApplyActivationResponse(byte[] d)
    {
        if (d.Length < 10)
        {
            throw new IpmiException($"BMC {Endpoint} sent a short Activate Payload response ({d.Length} bytes)");
        }
        int inbound = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(4));
        int port = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(8));
        // Some BMCs send the port byte-swapped; both spellings of "this port" are fine.
        int expected = session.Options.Port;
        if (port != expected && port != BinaryPrimitives.ReverseEndianness((ushort)expected))
        {
            throw new IpmiException($"BMC {Endpoint} wants SOL on UDP port {port}, not the session's port; SolWatch does not support a separate SOL port");
        }
        // sizes include the 4-byte SOL header; bogus sizes are common (fall back to 32 like FreeIPMI)
        int chars = inbound - 4;
        maxCharacters = chars is >= 1 and <= 255 ? chars : 28;
    }

    /// <summary>
    /// The console is being closed on purpose (shutdown): from now on a "deactivating" status or a keepalive that finds
    /// SOL gone is the answer to our own deactivation, logged at Debug, not a lost console.
    /// </summary>
    public void MarkClosing() => closing = true;

    /// <summary>Deactivates SOL instance 1, whoever holds it (best effort: "already deactivated" is fine).</summary>
    public async Task DeactivateAsync(CancellationToken ct)
    {
        IpmiResponse r = await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.DeactivatePayload, [0x01, Instance, 0, 0, 0, 0], ct);
        if (r.CompletionCode is not (0 or 0x80))
        {
            log.Warning("IPMI console {Endpoint}: Deactivate Payload answered completion code 0x{Code:X2}", Endpoint, r.CompletionCode);
        }
    }

    /// <summary>Queues keyboard data; completes when the BMC has accepted all of it.</summary>
    public Task SendAsync(ReadOnlyMemory<byte> data, bool isBreak)
    {
        var item = new Outgoing(data.ToArray(), isBreak);
        lock (gate)
        {
            if (completion.Task.IsCompleted)
            {
                throw new IpmiSessionLostException($"SOL console {Endpoint} is not connected");
            }
            if (queue.Count >= 1024)
            {
                throw new IpmiException($"SOL console {Endpoint}: too much input queued (the BMC is not taking it)");
            }
            queue.Enqueue(item);
            SendNextLocked();
        }
        return item.Done.Task;
    }

    /// <summary>
    /// One SOL payload from the BMC (already authenticated and decrypted). Runs on the endpoint's receive loop, which
    /// serves every IPMI console: console data is queued for the sink (<see cref="SolDelivery"/>) and acknowledged, never
    /// handled here. May run after <see cref="Dispose"/> (the loop took the handler just before it was removed): then
    /// the payload is dropped, and nothing here throws (internal for that test).
    /// </summary>
    internal void OnSolPayload(byte[] p)
    {
        if (p.Length < 4)
        {
            return;
        }
        byte seq = (byte)(p[0] & 0x0F);
        byte ack = (byte)(p[1] & 0x0F);
        byte count = p[2];
        byte status = p[3];
        bool nack = (status & StatusNack) != 0;
        if ((status & StatusDeactivating) != 0)
        {
            if (closing || completion.Task.IsCompleted)
            {
                log.Debug("IPMI console {Endpoint}: SOL deactivating while we close it", Endpoint);
                return;
            }
            Fail(new IpmiSessionLostException($"BMC {Endpoint} is deactivating SOL on our session: another client took the console, or the BMC closed it"));
            return;
        }
        lock (gate)
        {
            if (stopped)
            {
                // a datagram for the closing console: no ACK over a session that may be closed, nothing to the sink
                log.Debug("IPMI console {Endpoint}: SOL packet after the console closed, dropped", Endpoint);
                return;
            }
            if (ack != 0 && inFlight is not null && ack == inFlightSequence)
            {
                HandleAckLocked(count, nack);
            }
            else if (paused && !nack)
            {
                // the BMC's unsolicited "ready again" ACK after a NACK
                paused = false;
                SendNextLocked();
            }
            int length = p.Length - 4;
            DateTimeOffset receivedAt = DateTimeOffset.UtcNow;
            if (seq != 0)
            {
                if (seq == lastInboundSequence)
                {
                    // a retransmission: our ACK was lost or late; deliver only what we have not seen, ACK again
                    Metrics.SolwatchInstruments.SolPacketsResent.Add(1, new KeyValuePair<string, object?>("bmc", Endpoint));
                    log.Debug("IPMI console {Endpoint}: the BMC resent SOL packet {Sequence}", Endpoint, seq);
                    if (length > lastInboundLength)
                    {
                        if (!delivery.TryDeliver(p.AsMemory(4 + lastInboundLength), receivedAt))
                        {
                            return; // not acknowledged: the BMC sends it again
                        }
                        lastInboundLength = length;
                    }
                }
                else
                {
                    if (length > 0 && !delivery.TryDeliver(p.AsMemory(4), receivedAt))
                    {
                        return; // neither taken nor acknowledged: the BMC sends it again, as if it had been lost
                    }
                    lastInboundSequence = seq;
                    lastInboundLength = length;
                }
                SendAckLocked([0, seq, (byte)length, 0]);
            }
            else if (length > 0)
            {
                // data with sequence 0 (ipmi_sim's very first packet): keep it, acknowledge with ACK field 0
                if (!delivery.TryDeliver(p.AsMemory(4), receivedAt))
                {
                    return;
                }
                SendAckLocked([0, 0, (byte)length, 0]);
            }
        }
    }

    /// <summary>An ACK of console data; the session may be closing under us (the console then is too): dropped quietly.</summary>
    private void SendAckLocked(byte[] ack)
    {
        try
        {
            session.SendPayload(RmcpPayloadType.Sol, ack);
        }
        catch (ObjectDisposedException)
        {
            log.Debug("IPMI console {Endpoint}: SOL ACK not sent, the session is closed", Endpoint);
        }
    }

    private void HandleAckLocked(byte count, bool nack)
    {
        retransmitTimer.Change(Timeout.Infinite, Timeout.Infinite);
        Outgoing item = inFlight!;
        inFlight = null;
        // Accepted 0 without NACK: some BMCs (ipmitool's "intelplus") mean "all"; a BMC that took nothing NACKs.
        int accepted = count == 0 && !nack ? inFlightLength : Math.Min(count, inFlightLength);
        item.Offset += accepted;
        if (item.IsBreak || item.Offset >= item.Data.Length)
        {
            queue.Dequeue();
            item.Done.TrySetResult();
        }
        if (nack)
        {
            // the BMC's input buffer is full: wait for its "ready" ACK (or the pause timer), then send the rest
            paused = true;
            retransmitTimer.Change(options.NackPause, Timeout.InfiniteTimeSpan);
            return;
        }
        SendNextLocked();
    }

    private void SendNextLocked()
    {
        if (inFlight is not null || paused || completion.Task.IsCompleted || queue.Count == 0)
        {
            return;
        }
        Outgoing item = queue.Peek();
        inFlight = item;
        // a partially accepted packet's remainder goes out as a new packet with a new sequence number
        inFlightLength = item.IsBreak ? 0 : Math.Min(maxCharacters, item.Data.Length - item.Offset);
        inFlightSequence = nextSequence;
        nextSequence = nextSequence == 15 ? (byte)1 : (byte)(nextSequence + 1);
        inFlightSends = 0;
        TransmitLocked();
    }

    private void TransmitLocked()
    {
        Outgoing item = inFlight!;
        var packet = new byte[4 + inFlightLength];
        packet[0] = inFlightSequence;
        packet[3] = item.IsBreak ? OpBreak : (byte)0;
        item.Data.AsSpan(item.Offset, inFlightLength).CopyTo(packet.AsSpan(4));
        inFlightSends++;
        session.SendPayload(RmcpPayloadType.Sol, packet);
        retransmitTimer.Change(options.RetransmitTimeout, Timeout.InfiniteTimeSpan);
    }

    // A timer callback that throws ends the process: whatever goes wrong here (a session disposed under us, a socket
    // error) loses this console only.
    private void OnRetransmitTimer()
    {
        try
        {
            RetransmitOrResume();
        }
        catch (Exception e)
        {
            Fail(new IpmiSessionLostException($"SOL retransmission to BMC {Endpoint} failed: {e.Message}", e));
        }
    }

    private void RetransmitOrResume()
    {
        IpmiSessionLostException? lost = null;
        lock (gate)
        {
            if (completion.Task.IsCompleted)
            {
                return;
            }
            if (inFlight is not null)
            {
                if (inFlightSends > options.RetransmitLimit)
                {
                    lost = new IpmiSessionLostException(
                        $"BMC {Endpoint} stopped acknowledging SOL data ({inFlightSends} sends of packet {inFlightSequence}): the session is dead or another client took the console");
                }
                else
                {
                    Interlocked.Increment(ref retransmissions);
                    TransmitLocked(); // same sequence number, same data
                }
            }
            else if (paused)
            {
                paused = false;
                SendNextLocked();
            }
        }
        if (lost is not null)
        {
            Fail(lost);
        }
    }

    private async Task KeepaliveLoopAsync(CancellationToken stop)
    {
        bool askOwner = true;
        try
        {
            while (true)
            {
                await Task.Delay(options.Keepalive * (0.75 + (0.25 * Random.Shared.NextDouble())), stop);
                if (askOwner)
                {
                    IpmiResponse r = await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetPayloadInstanceInfo, [0x01, Instance], stop);
                    if (r.CompletionCode == 0 && r.Data.Length >= 4)
                    {
                        uint owner = BinaryPrimitives.ReadUInt32LittleEndian(r.Data);
                        if (owner != session.BmcSessionId)
                        {
                            Fail(new IpmiSessionLostException(owner == 0
                                ? $"SOL on BMC {Endpoint} was deactivated by another client"
                                : $"SOL on BMC {Endpoint} now belongs to another session: another client took the console"));
                            return;
                        }
                    }
                    else
                    {
                        // BMC without Get Payload Instance Info: keep the session alive with Get Device ID instead
                        askOwner = false;
                    }
                }
                else
                {
                    await session.RequestAsync(IpmiCommands.NetFnApp, IpmiCommands.GetDeviceId, [], stop);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IpmiSessionLostException e)
        {
            Fail(e);
        }
        catch (Exception e)
        {
            Fail(new IpmiSessionLostException($"SOL keepalive on BMC {Endpoint} failed: {e.Message}", e));
        }
    }

    private void Fail(Exception e)
    {
        if (!completion.TrySetException(e))
        {
            return;
        }
        if (closing)
        {
            log.Debug("IPMI console {Endpoint}: while closing: {Reason}", Endpoint, e.Message);
        }
        else
        {
            log.Warning("IPMI console {Endpoint}: {Reason}", Endpoint, e.Message);
        }
        Stop(e);
    }

    // Runs once, on whichever thread gets here first: a failure (receive loop, retransmit timer, keepalive) can race
    // Dispose, and a second Stop would touch the timer while the first one disposes it.
    private void Stop(Exception reason)
    {
        if (Interlocked.Exchange(ref stopping, 1) != 0)
        {
            return;
        }
        session.SetSolHandler(null);
        lock (gate)
        {
            // from here on, code under the gate sees `stopped` (or the completed task) and leaves the timer alone
            stopped = true;
            delivery.Complete();
            foreach (Outgoing item in queue)
            {
                item.Done.TrySetException(reason);
            }
            queue.Clear();
            inFlight = null;
        }
        // A callback already running finds the task completed and returns; Dispose stops the ones not yet due.
        retransmitTimer.Dispose();
        // Never disposed: it has no timer and no linked parent, so there is nothing to free, and a keepalive that is
        // only now starting (ActivateAsync racing a failure) still reads its token.
        keepaliveStop.Cancel();
    }

    /// <summary>
    /// Stops timers and the keepalive; pending input fails; console data already acknowledged is still delivered
    /// (<see cref="Delivered"/>). The session itself belongs to the caller. Idempotent.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return; // the collector disposes first, to wait for the delivery; `using` again after it
        }
        var closed = new IpmiSessionLostException($"SOL console {Endpoint} was closed");
        completion.TrySetResult();
        Stop(closed);
    }
}
