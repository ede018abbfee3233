using System.Buffers.Text;

namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>
/// The header of an extended netconsole datagram, <c>[release,]level,seq,timestamp,flag[,more][,ncfrag=off/len];</c>
/// (the /dev/kmsg record header; the release is prepended with <c>netconsole=+r...</c>, ncfrag added to the
/// fragments of a message too long for one datagram).
/// </summary>
/// <param name="Sequence">The record's sequence number (consecutive per boot; a hole is a lost message).</param>
/// <param name="TimestampMicroseconds">Kernel time of the record in microseconds since boot.</param>
/// <param name="FragmentOffset">ncfrag offset of this datagram's body in the message body, or -1 when not fragmented.</param>
/// <param name="FragmentTotal">ncfrag total body length, or -1.</param>
/// <param name="BodyStart">Where the body starts in the datagram (after the ';').</param>
internal readonly record struct ExtendedHeader(ulong Sequence, ulong TimestampMicroseconds, int FragmentOffset, int FragmentTotal, int BodyStart)
{
    private const int MaxHeaderLength = 200;

    /// <summary>Parses the header of <paramref name="datagram"/>; false when it is not an extended datagram.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out ExtendedHeader header)
    {
        header = default;
        int semicolon = datagram[..Math.Min(datagram.Length, MaxHeaderLength)].IndexOf((byte)';');
        if (semicolon < 7)
        {
            return false;
        }
        Span<Range> fields = stackalloc Range[12];
        ReadOnlySpan<byte> head = datagram[..semicolon];
        int count = Split(head, fields);
        int fragOffset = -1, fragTotal = -1;
        int plain = 0;
        Span<Range> kept = stackalloc Range[12];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> f = head[fields[i]];
            if (f.StartsWith("ncfrag="u8))
            {
                ReadOnlySpan<byte> v = f["ncfrag="u8.Length..];
                int slash = v.IndexOf((byte)'/');
                if (slash < 0 || !Utf8Parser.TryParse(v[..slash], out fragOffset, out int a) || a != slash
                    || !Utf8Parser.TryParse(v[(slash + 1)..], out fragTotal, out int b) || b != v.Length - slash - 1
                    || fragOffset < 0 || fragTotal <= 0 || fragOffset >= fragTotal)
                {
                    return false;
                }
            }
            else
            {
                kept[plain++] = fields[i];
            }
        }
        // A prepended kernel release ("6.1.0-13-amd64") is the one field that is not a number.
        int first = plain > 0 && !IsNumber(head[kept[0]]) ? 1 : 0;
        if (plain - first < 4
            || !IsNumber(head[kept[first]])
            || !Utf8Parser.TryParse(head[kept[first + 1]], out ulong seq, out int sl) || sl != head[kept[first + 1]].Length
            || !Utf8Parser.TryParse(head[kept[first + 2]], out ulong ts, out int tl) || tl != head[kept[first + 2]].Length
            || head[kept[first + 3]] is not [(byte)'-' or (byte)'c' or (byte)'+'])
        {
            return false;
        }
        header = new ExtendedHeader(seq, ts, fragOffset, fragTotal, semicolon + 1);
        return true;
    }

    private static bool IsNumber(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty)
        {
            return false;
        }
        foreach (byte b in field)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }
        return true;
    }

    private static int Split(ReadOnlySpan<byte> head, Span<Range> fields)
    {
        int count = 0, start = 0;
        for (int i = 0; i <= head.Length && count < fields.Length; i++)
        {
            if (i == head.Length || head[i] == (byte)',')
            {
                fields[count++] = new Range(start, i);
                start = i + 1;
            }
        }
        return count;
    }
}
