using System.Text;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// One console's receiving end in <c>solwatch bench bmc</c>: first watches for the probe line (the console is
/// attached once a probe written into its serial port comes out), then, once armed, counts the bytes that arrive
/// and checks them against the known stream, so a lost, doubled or altered byte is visible.
/// </summary>
internal sealed class StreamCheck
{
    /// <summary>The probe line written until it arrives.</summary>
    public static readonly byte[] Probe = Encoding.ASCII.GetBytes("SOLWATCH-BENCH-PROBE\r\n");

    // OnBytes comes from the endpoint's receive loop or a pipe reader; the lock is for Arm, called by the bench.
    private readonly Lock gate = new();
    private readonly byte[] expected;
    private readonly List<byte> tail = [];
    private bool attached;
    private bool armed;
    private long received;
    private long firstMismatch = -1;

    /// <summary>Creates a check for <paramref name="expected"/> (shared, not copied).</summary>
    public StreamCheck(byte[] expected) => this.expected = expected;

    /// <summary>A probe line has arrived.</summary>
    public bool Attached
    {
        get
        {
            lock (gate)
            {
                return attached;
            }
        }
    }

    /// <summary>Bytes received since <see cref="Arm"/>.</summary>
    public long Received
    {
        get
        {
            lock (gate)
            {
                return received;
            }
        }
    }

    /// <summary>Offset of the first byte that differs from the stream written, or -1.</summary>
    public long FirstMismatch
    {
        get
        {
            lock (gate)
            {
                return firstMismatch;
            }
        }
    }

    /// <summary>From now on, bytes are counted and compared with the stream.</summary>
    public void Arm()
    {
        lock (gate)
        {
            armed = true;
            received = 0;
        }
    }

    /// <summary>Bytes out of the console.</summary>
    public void Push(ReadOnlySpan<byte> bytes)
    {
        lock (gate)
        {
            if (!armed)
            {
                if (!attached)
                {
                    // Only the last few bytes are kept: enough to find a probe split over two packets.
                    tail.AddRange(bytes);
                    attached = tail.ToArray().AsSpan().IndexOf(Probe) >= 0;
                    if (tail.Count > Probe.Length)
                    {
                        tail.RemoveRange(0, tail.Count - Probe.Length);
                    }
                }
                return;
            }
            if (firstMismatch < 0)
            {
                for (int i = 0; i < bytes.Length; i++)
                {
                    long at = received + i;
                    if (at >= expected.Length || bytes[i] != expected[at])
                    {
                        firstMismatch = at;
                        break;
                    }
                }
            }
            received += bytes.Length;
        }
    }
}
