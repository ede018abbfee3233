using System.Buffers.Binary;
using System.Net;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>The established-session half of <see cref="IpmiSession"/>: requests, SOL payloads, receiving, closing.</summary>
public sealed partial class IpmiSession
{
    private sealed record PendingRequest(byte NetFn, byte Command, TaskCompletionSource<IpmiResponse> Reply);

    /// <summary>
    /// Sends an IPMI request and waits for its response, retransmitting (same rqSeq, new session sequence) on
    /// timeout. Throws <see cref="IpmiSessionLostException"/> when the BMC never answers.
    /// </summary>
    internal async Task<IpmiResponse> RequestAsync(byte netFn, byte command, byte[] data, CancellationToken ct, int? retries = null, TimeSpan? timeout = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var reply = new TaskCompletionSource<IpmiResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        byte rqSeq = 0;
        for (int i = 0; ; i++)
        {
            rqSeq = (byte)(Interlocked.Increment(ref rqSeqCounter) & 0x3F);
            if (pending.TryAdd(rqSeq, new PendingRequest(netFn, command, reply)))
            {
                break;
            }
            if (i > 64)
            {
                throw new IpmiException($"BMC {Endpoint}: 64 IPMI requests already in flight on this session");
            }
        }
        int maxRetries = retries ?? options.RequestRetries;
        byte[] message = IpmiLanMessage.EncodeRequest(netFn, command, rqSeq, data);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                SendPayload(RmcpPayloadType.Ipmi, message);
                try
                {
                    return await reply.Task.WaitAsync(timeout ?? options.RequestTimeout, ct);
                }
                catch (TimeoutException e) when (attempt >= maxRetries)
                {
                    throw new IpmiSessionLostException(
                        $"BMC {Endpoint} did not answer IPMI command {netFn:X2}/{command:X2} after {attempt + 1} tries: the BMC is down or unreachable, or it dropped our session", e);
                }
                catch (TimeoutException)
                {
                }
            }
        }
        finally
        {
            pending.TryRemove(rqSeq, out _);
        }
    }

    /// <summary>Seals a payload with the next session sequence number and sends it.</summary>
    internal void SendPayload(RmcpPayloadType type, ReadOnlySpan<byte> plaintext)
    {
        byte[] datagram;
        lock (gate)
        {
            if (cipher is null)
            {
                throw new ObjectDisposedException(nameof(IpmiSession), $"IPMI session with {Endpoint} is closed");
            }
            outboundSequence++;
            if (outboundSequence == 0)
            {
                outboundSequence = 1; // 0 means "no session sequence": skip it on wrap
            }
            datagram = cipher.Seal(type, BmcSessionId, outboundSequence, plaintext);
        }
        endpoint.Send(datagram, remote);
    }

    /// <inheritdoc />
    void IRmcpReceiver.OnDatagram(ReadOnlySpan<byte> d, IPEndPoint from)
    {
        if (!from.Equals(remote))
        {
            Interlocked.Increment(ref droppedPackets);
            return;
        }
        if (d[4] == 0x00)
        {
            ReadOnlySpan<byte> m = RmcpFraming.V15Message(d);
            // Only a well-formed response to the command asked ends the wait. Anything else (bad checksum, truncated,
            // another command) is dropped: completing the wait with it made the request go out again under a new tag,
            // so a BMC or spoofer answering garbage first kept login looping forever. A well-formed answer that would
            // fail the login is set aside until the wait's timeout (V15RequestAsync).
            IpmiResponse? r = IpmiLanMessage.TryDecodeResponse(m);
            bool taken = false;
            if (r is not null && r.NetFn == IpmiCommands.NetFnApp + 1)
            {
                lock (gate)
                {
                    if (v15Reply is not null && v15Judge is not null && r.Command == v15Command)
                    {
                        IpmiException? refusal = v15Judge(r);
                        v15Refusal = refusal ?? v15Refusal;
                        taken = refusal is not null || v15Reply.TrySetResult(r);
                    }
                }
            }
            if (!taken)
            {
                Interlocked.Increment(ref droppedPackets);
            }
            return;
        }
        var type = (RmcpPayloadType)(d[5] & 0x3F);
        if (type is RmcpPayloadType.OpenSessionResponse or RmcpPayloadType.Rakp2 or RmcpPayloadType.Rakp4)
        {
            OnSetupReply(type, RmcpFraming.PreSessionPayload(d, out _));
            return;
        }
        byte[] plaintext;
        RmcpPayloadType payloadType;
        lock (gate)
        {
            if (cipher is null)
            {
                return;
            }
            // AuthCode first, then the sequence window: an unauthenticated packet must not move the window.
            if (cipher.TryOpen(d, out payloadType, out uint sequence, out plaintext) != OpenFailure.None || !window.Accept(sequence))
            {
                Interlocked.Increment(ref droppedPackets);
                return;
            }
        }
        if (payloadType == RmcpPayloadType.Ipmi)
        {
            IpmiResponse? r = IpmiLanMessage.TryDecodeResponse(plaintext);
            if (r is not null && pending.TryGetValue(r.RqSeq, out PendingRequest? p) && p.NetFn + 1 == r.NetFn && p.Command == r.Command)
            {
                p.Reply.TrySetResult(r);
            }
        }
        else if (payloadType == RmcpPayloadType.Sol && Volatile.Read(ref disposed) == 0)
        {
            // A closing session hands no SOL payload on (its console is being closed; Close Session's reply still counts).
            Volatile.Read(ref solHandler)?.Invoke(plaintext);
        }
    }

    /// <summary>
    /// Closes the session: Close Session sent once with a short wait (some BMCs never answer it), then the
    /// session is unregistered and its keys dropped. Never throws.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }
        SetSolHandler(null);
        bool open;
        lock (gate)
        {
            open = cipher is not null;
        }
        if (open)
        {
            try
            {
                byte[] id = new byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(id, BmcSessionId);
                var message = IpmiLanMessage.EncodeRequest(IpmiCommands.NetFnApp, IpmiCommands.CloseSession, 0x3F, id);
                var reply = new TaskCompletionSource<IpmiResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (pending.TryAdd(0x3F, new PendingRequest(IpmiCommands.NetFnApp, IpmiCommands.CloseSession, reply)))
                {
                    SendPayload(RmcpPayloadType.Ipmi, message);
                    await reply.Task.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(500, options.RequestTimeout.TotalMilliseconds)));
                }
            }
            catch (Exception e) when (e is TimeoutException or ObjectDisposedException)
            {
                // the BMC may be gone or never answer Close Session; it times the session out itself
            }
        }
        endpoint.UnregisterSession(ConsoleSessionId);
        lock (gate)
        {
            cipher?.Dispose();
            cipher = null;
        }
        foreach (PendingRequest p in pending.Values)
        {
            p.Reply.TrySetException(new ObjectDisposedException(nameof(IpmiSession), $"IPMI session with {Endpoint} was closed"));
        }
    }
}
