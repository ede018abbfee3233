using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// The serial side of <c>solwatch bench bmc</c>: every BMC's ttyVM opened for writing, probe lines until each
/// console is attached, then the numbered console stream into all of them at the serial rate. One loop on one
/// thread writes small slices every 50 ms, so the writer adds a thread, not one per console.
/// </summary>
internal sealed class SerialFeeds : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private readonly FileStream[] ports;

    private SerialFeeds(FileStream[] ports) => this.ports = ports;

    /// <summary>Bytes written into each port's stream so far (probes not included).</summary>
    public long[] Written { get; private set; } = [];

    /// <summary>CPU time the writer thread spent in the last <see cref="Stream"/> (so it can be taken out of the holder's).</summary>
    public double WriterCpuSeconds { get; private set; }

    /// <summary>Opens the serial ports, in console order.</summary>
    public static SerialFeeds Open(IEnumerable<string> ttyVms) =>
        new([.. ttyVms.Select(p => new FileStream(p, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))]);

    /// <summary>
    /// The stream written: lines of the real console capture shipped with SolWatch, each numbered so a gap is
    /// visible by eye, CRLF as a serial console sends them, repeated up to <paramref name="length"/> bytes.
    /// </summary>
    public static byte[] MakeStream(long length)
    {
        string[] lines = Encoding.UTF8.GetString(ConsoleText.Load().Panic).Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var sb = new StringBuilder();
        for (int i = 0; sb.Length < length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i:D7} {lines[i % lines.Length]}\r\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString()[..(int)length]);
    }

    /// <summary>Writes the probe into every port whose console is not attached yet, once a second, until all are.</summary>
    public async Task ProbeUntilAttachedAsync(IReadOnlyList<StreamCheck> checks, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            for (int i = 0; i < ports.Length; i++)
            {
                if (!checks[i].Attached)
                {
                    ports[i].Write(StreamCheck.Probe);
                }
            }
            for (int w = 0; w < 20; w++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
                if (checks.All(c => c.Attached))
                {
                    return;
                }
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"{checks.Count(c => !c.Attached)} of {checks.Count} consoles never showed the probe line within {timeout.TotalSeconds:0} s (SOL not active? see LAB_WORK/bmc-N/ipmi_sim.log)");
            }
        }
    }

    /// <summary>Writes <paramref name="stream"/> into every port at <paramref name="bytesPerSecond"/> (blocking one thread).</summary>
    public void Stream(byte[] stream, int bytesPerSecond, CancellationToken cancellationToken)
    {
        long[] written = new long[ports.Length];
        Written = written;
        long ticks0 = ThreadCpuTicks();
        var clock = Stopwatch.StartNew();
        while (written.Any(w => w < stream.Length))
        {
            cancellationToken.ThrowIfCancellationRequested();
            long due = Math.Min(stream.Length, (long)(clock.Elapsed.TotalSeconds * bytesPerSecond));
            for (int i = 0; i < ports.Length; i++)
            {
                if (due > written[i])
                {
                    ports[i].Write(stream, (int)written[i], (int)(due - written[i]));
                    written[i] = due;
                }
            }
            Thread.Sleep(Tick);
        }
        WriterCpuSeconds = (ThreadCpuTicks() - ticks0) / 100.0; // USER_HZ
    }

    // utime + stime of the calling thread (fields 14 and 15 of /proc/thread-self/stat, after the command name).
    private static long ThreadCpuTicks()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (FileStream p in ports)
        {
            p.Dispose();
        }
    }
}
