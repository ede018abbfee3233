using System.Buffers;
using System.Globalization;
using System.Text;

namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>
/// Turns one sender's netconsole datagrams into console bytes. Plain datagrams pass as they are. Extended
/// records become one line each, <c>[ssss.uuuuuu] text</c> as the kernel prints them on a serial console (so
/// the transcript and the detector see the same thing from every route); fragments (<c>ncfrag=</c>) are
/// reassembled; dictionary / userdata lines after the text are dropped; <c>\xNN</c> escapes are undone; and a
/// hole in the sequence numbers becomes a line <c>[solwatch: netconsole lost N messages (seq A..B)]</c>.
/// A fragment whose ncfrag total is more than any kernel sends (<see cref="NetconsoleLimits.MaxMessageBytes"/>) is
/// dropped (the caller counts and logs it) without touching the message being reassembled; one message is
/// reassembled at a time and one left waiting longer than <see cref="NetconsoleLimits.PartialMaxAge"/> is shown
/// incomplete.
/// Not thread-safe: one decoder per sender, called by one thread at a time (its collector serialises).
/// </summary>
internal sealed class NetconsoleDecoder(NetconsoleFormat format)
{
    private ulong? _lastSequence;

    // One message reassembled at a time per sender, on purpose: the kernel sends a message's fragments back to back
    // under target_list_lock and never interleaves two messages, so a fragment of another message ends this one
    // (shown incomplete). A sender thus holds at most one NetconsoleLimits.MaxMessageBytes buffer.
    private PartialMessage? _partial;

    /// <summary>Messages shown incomplete so far (fragments lost or overdue).</summary>
    public long IncompleteMessages { get; private set; }

    /// <summary>Decodes one datagram, received at <paramref name="receivedAt"/>, into <paramref name="output"/>.</summary>
    /// <returns>Whether it was decoded, or dropped as impossible (nothing written then).</returns>
    public NetconsoleDecodeOutcome Decode(ReadOnlySpan<byte> datagram, IBufferWriter<byte> output, DateTimeOffset receivedAt = default)
    {
        if (receivedAt != default)
        {
            FlushStale(receivedAt, output);
        }
        if (format == NetconsoleFormat.Plain || !ExtendedHeader.TryParse(datagram, out ExtendedHeader header))
        {
            // Extended mode still passes a datagram it cannot parse: losing console text is worse than showing a
            // malformed line.
            FlushPartial(output);
            output.Write(datagram);
            return NetconsoleDecodeOutcome.Decoded;
        }
        ReadOnlySpan<byte> body = datagram[header.BodyStart..];
        if (header.FragmentOffset < 0)
        {
            FlushPartial(output);
            Emit(header, body, complete: true, output);
            return NetconsoleDecodeOutcome.Decoded;
        }
        if (header.FragmentTotal > NetconsoleLimits.MaxMessageBytes)
        {
            // Trusting the total would allocate (and scan) that much per datagram: 2,000,000,000 from one spoofed
            // datagram. The message being reassembled, if any, is left alone: this datagram is not the kernel's.
            return NetconsoleDecodeOutcome.DroppedOversized;
        }
        if (_partial is { } p && (p.Header.Sequence != header.Sequence || p.Total != header.FragmentTotal))
        {
            FlushPartial(output);
        }
        if (_lastSequence == header.Sequence && _partial is null)
        {
            return NetconsoleDecodeOutcome.Decoded; // a late fragment of a message already emitted
        }
        _partial ??= new PartialMessage(header, header.FragmentTotal, receivedAt);
        if (_partial.Add(header.FragmentOffset, body))
        {
            PartialMessage done = _partial;
            _partial = null;
            Emit(done.Header, done.Body, complete: true, output);
        }
        return NetconsoleDecodeOutcome.Decoded;
    }

    /// <summary>
    /// Shows the message being reassembled, marked incomplete, when it began more than
    /// <see cref="NetconsoleLimits.PartialMaxAge"/> before <paramref name="now"/>; true when it did.
    /// </summary>
    public bool FlushStale(DateTimeOffset now, IBufferWriter<byte> output)
    {
        if (_partial is { } p && now - p.StartedAt > NetconsoleLimits.PartialMaxAge)
        {
            FlushPartial(output);
            return true;
        }
        return false;
    }

    private void FlushPartial(IBufferWriter<byte> output)
    {
        if (_partial is { } p)
        {
            _partial = null;
            IncompleteMessages++;
            Emit(p.Header, p.ReceivedBytes(), complete: false, output);
        }
    }

    private void Emit(ExtendedHeader header, ReadOnlySpan<byte> body, bool complete, IBufferWriter<byte> output)
    {
        ulong seq = header.Sequence;
        if (_lastSequence is { } last)
        {
            if (seq == last)
            {
                return; // duplicate
            }
            if (seq > last + 1)
            {
                ulong from = last + 1, to = seq - 1;
                WriteAscii(output, string.Create(CultureInfo.InvariantCulture,
                    $"[solwatch: netconsole lost {to - from + 1} messages (seq {from}..{to})]\n"));
            }
            // seq < last: the sender rebooted (sequence numbers restart) or a datagram came very late; either
            // way there is nothing to mark, and counting starts again from here.
        }
        _lastSequence = seq;

        int newline = body.IndexOf((byte)'\n');
        ReadOnlySpan<byte> text = newline >= 0 ? body[..newline] : body;
        ulong seconds = header.TimestampMicroseconds / 1_000_000, micros = header.TimestampMicroseconds % 1_000_000;
        WriteAscii(output, string.Create(CultureInfo.InvariantCulture, $"[{seconds,5}.{micros:D6}] "));
        Unescape(text, output);
        if (!complete)
        {
            WriteAscii(output, " [solwatch: netconsole message incomplete, fragments lost]");
        }
        output.Write("\n"u8);
    }

    /// <summary>Undoes the kernel's <c>\xNN</c> escaping of non-printable bytes (a backslash itself is <c>\x5c</c>).</summary>
    private static void Unescape(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        while (true)
        {
            int bs = text.IndexOf((byte)'\\');
            if (bs < 0 || bs + 4 > text.Length)
            {
                output.Write(text);
                return;
            }
            output.Write(text[..bs]);
            if (text[bs + 1] == (byte)'x' && IsHex(text[bs + 2]) && IsHex(text[bs + 3]))
            {
                output.Write([(byte)((HexValue(text[bs + 2]) << 4) | HexValue(text[bs + 3]))]);
                text = text[(bs + 4)..];
            }
            else
            {
                output.Write(text.Slice(bs, 1));
                text = text[(bs + 1)..];
            }
        }
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static void WriteAscii(IBufferWriter<byte> output, string s) => output.Write(Encoding.ASCII.GetBytes(s));

    /// <summary>A message arriving in ncfrag pieces.</summary>
    private sealed class PartialMessage(ExtendedHeader header, int total, DateTimeOffset startedAt)
    {
        private readonly bool[] _have = new bool[total];

        public ExtendedHeader Header { get; } = header;

        /// <summary>When its first fragment came.</summary>
        public DateTimeOffset StartedAt { get; } = startedAt;

        public int Total { get; } = total;

        public byte[] Body { get; } = new byte[total];

        /// <summary>Bytes received so far (assumes no overlap, as the kernel sends).</summary>
        public int Received { get; private set; }

        /// <summary>The bytes received so far, holes left out.</summary>
        public byte[] ReceivedBytes()
        {
            byte[] bytes = new byte[Received];
            int o = 0;
            for (int i = 0; i < Total; i++)
            {
                if (_have[i])
                {
                    bytes[o++] = Body[i];
                }
            }
            return bytes;
        }

        /// <summary>Places a piece; true when the message is complete.</summary>
        public bool Add(int offset, ReadOnlySpan<byte> piece)
        {
            int n = Math.Min(piece.Length, Total - offset);
            piece[..n].CopyTo(Body.AsSpan(offset));
            for (int i = offset; i < offset + n; i++)
            {
                if (!_have[i])
                {
                    _have[i] = true;
                    Received++;
                }
            }
            return Received == Total;
        }
    }
}
