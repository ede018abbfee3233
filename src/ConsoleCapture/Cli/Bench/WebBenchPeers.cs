using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// The real local peers of <c>solwatch bench web</c>: one loopback listener per console, which the daemon's tcp
/// collector connects to. Watched consoles print a stamped line (<see cref="Stamp"/>) every stamp interval; crashing
/// consoles print the real demo capture (boot and kernel panic) at serial speed, again and again, during the storm;
/// the others print an ordinary line now and then.
/// </summary>
internal sealed class WebBenchPeers : IAsyncDisposable
{
    private const string StampPrefix = "solwatch-bench stamp ";
    private readonly Socket[] _listeners;
    private readonly Socket?[] _accepted;
    private readonly long[] _stamped;
    private int _panics;

    private WebBenchPeers(Socket[] listeners, int watched)
    {
        _listeners = listeners;
        _accepted = new Socket?[listeners.Length];
        _stamped = new long[watched];
    }

    /// <summary>The listeners' ports, one per console.</summary>
    public IReadOnlyList<int> Ports => [.. _listeners.Select(l => ((IPEndPoint)l.LocalEndPoint!).Port)];

    /// <summary>Panics written completely.</summary>
    public int Panics => Volatile.Read(ref _panics);

    /// <summary>Stamped lines written by watched console <paramref name="watched"/> (sequence numbers 1 to this).</summary>
    public long Stamped(int watched) => Interlocked.Read(ref _stamped[watched]);

    /// <summary>Opens <paramref name="count"/> listeners on ephemeral loopback ports.</summary>
    public static WebBenchPeers Listen(int count, int watched)
    {
        var listeners = new List<Socket>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listeners.Add(l);
                l.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                l.Listen(1);
            }
        }
        catch (SocketException e)
        {
            listeners.ForEach(l => l.Dispose());
            throw new InvalidOperationException($"cannot open {count} loopback listeners ({e.Message}); raise the open-file limit (ulimit -n {(3 * count) + 1024})", e);
        }
        return new WebBenchPeers([.. listeners], watched);
    }

    /// <summary>Accepts the daemon's one connection per console.</summary>
    public Task AcceptAllAsync(CancellationToken ct) =>
        Task.WhenAll(_listeners.Select(async (listener, i) =>
        {
            _accepted[i] = await listener.AcceptAsync(ct).ConfigureAwait(false);
            listener.Dispose();
        }));

    /// <summary>The stamped line's text: the sender's monotonic clock and a sequence number.</summary>
    public static string Stamp(long timestamp, long seq) => string.Create(CultureInfo.InvariantCulture, $"{StampPrefix}{timestamp} seq {seq}");

    /// <summary>Reads a stamped line back: (timestamp, seq), or null for any other line.</summary>
    public static (long Timestamp, long Seq)? ReadStamp(string? text)
    {
        int at = text?.IndexOf(StampPrefix, StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }
        string[] parts = text![(at + StampPrefix.Length)..].Split(' ');
        return parts.Length >= 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out long ts) && long.TryParse(parts[2], CultureInfo.InvariantCulture, out long seq)
            ? (ts, seq) : null;
    }

    /// <summary>Watched console <paramref name="watched"/> (peer <paramref name="peer"/>) stamps a line every interval until <paramref name="stop"/>.</summary>
    public async Task StampAsync(int peer, int watched, TimeSpan interval, CancellationToken stop)
    {
        Socket socket = _accepted[peer]!;
        var clock = Stopwatch.StartNew();
        for (long seq = 1; !stop.IsCancellationRequested; seq++)
        {
            await SendAsync(socket, Encoding.ASCII.GetBytes(Stamp(Stopwatch.GetTimestamp(), seq) + "\n")).ConfigureAwait(false);
            Interlocked.Exchange(ref _stamped[watched], seq);
            TimeSpan due = (interval * seq) - clock.Elapsed;
            if (due > TimeSpan.Zero && !await DelayAsync(due, stop).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>An ordinary line now and then until <paramref name="stop"/>.</summary>
    public async Task TrickleAsync(int peer, ConsoleText text, TimeSpan interval, CancellationToken stop)
    {
        var random = new Random(peer);
        int next = random.Next(text.Trickle.Count);
        while (await DelayAsync(interval * (2 * random.NextDouble()), stop).ConfigureAwait(false))
        {
            await SendAsync(_accepted[peer]!, text.Trickle[next]).ConfigureAwait(false);
            next = (next + 1) % text.Trickle.Count;
        }
    }

    /// <summary>
    /// The panic of <paramref name="text"/> at <paramref name="bytesPerSecond"/>, starting within the first second,
    /// again after each quiet period, until <paramref name="stop"/>; a panic started is finished.
    /// </summary>
    public async Task CrashAsync(int peer, ConsoleText text, int bytesPerSecond, TimeSpan quiet, CancellationToken stop)
    {
        Socket socket = _accepted[peer]!;
        var random = new Random(peer);
        int slice = Math.Max(1, bytesPerSecond / 10);
        if (!await DelayAsync(TimeSpan.FromMilliseconds(random.Next(0, 1000)), stop).ConfigureAwait(false))
        {
            return;
        }
        do
        {
            var clock = Stopwatch.StartNew();
            for (int sent = 0; sent < text.Panic.Length;)
            {
                int n = Math.Min(slice, text.Panic.Length - sent);
                // Whole lines per slice (see ConsoleSenders): a stalled sender must not leave half a line behind.
                int lastNewline = text.Panic.AsSpan(sent, n).LastIndexOf((byte)'\n');
                n = lastNewline >= 0 ? lastNewline + 1 : n;
                await SendAsync(socket, text.Panic.AsMemory(sent, n)).ConfigureAwait(false);
                sent += n;
                TimeSpan due = TimeSpan.FromSeconds((double)sent / bytesPerSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero && sent < text.Panic.Length)
                {
                    await Task.Delay(due, CancellationToken.None).ConfigureAwait(false);
                }
            }
            Interlocked.Increment(ref _panics);
        }
        while (await DelayAsync(quiet, stop).ConfigureAwait(false));
    }

    private static async Task SendAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            int n = await socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false);
            data = data[n..];
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (Socket l in _listeners)
        {
            l.Dispose();
        }
        foreach (Socket? s in _accepted)
        {
            s?.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
