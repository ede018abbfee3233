using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// The far side of the benchmark: one loopback listener per console (as a console server has one port per serial
/// line), each accepting the daemon's connection and then writing console text at serial speed. All writes are
/// async on the thread pool — no thread per console — so thousands of consoles cost only sockets and timers.
/// </summary>
internal sealed class ConsoleSenders : IAsyncDisposable
{
    private readonly Socket[] _listeners;
    private readonly Socket?[] _accepted;
    private readonly ConcurrentQueue<PanicBurst> _bursts = new();
    private long _linesSent;
    private long _bytesSent;

    private ConsoleSenders(Socket[] listeners)
    {
        _listeners = listeners;
        _accepted = new Socket?[listeners.Length];
    }

    /// <summary>The loopback ports, one per console, in console order.</summary>
    public IReadOnlyList<int> Ports => [.. _listeners.Select(l => ((IPEndPoint)l.LocalEndPoint!).Port)];

    /// <summary>Lines written so far (as the daemon's framer will count them).</summary>
    public long LinesSent => Interlocked.Read(ref _linesSent);

    /// <summary>Bytes written so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Every panic written so far, with when its last line was written.</summary>
    public IReadOnlyCollection<PanicBurst> Bursts => _bursts;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => _accepted.Count(s => s is not null);

    /// <summary>Opens <paramref name="count"/> listeners on ephemeral loopback ports.</summary>
    public static ConsoleSenders Listen(int count)
    {
        var listeners = new Socket[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                listeners[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listeners[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
                listeners[i].Listen(1);
            }
        }
        catch (SocketException e)
        {
            foreach (Socket? l in listeners)
            {
                l?.Dispose();
            }
            throw new InvalidOperationException(
                $"cannot open {count} loopback listeners ({e.Message}); raise the open-file limit (ulimit -n {(3 * count) + 1024}) " +
                "or widen net.ipv4.ip_local_port_range", e);
        }
        return new ConsoleSenders(listeners);
    }

    /// <summary>Accepts the daemon's one connection per console; each listener is closed once used (saves a descriptor).</summary>
    public Task AcceptAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_listeners.Select(async (listener, i) =>
        {
            _accepted[i] = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            listener.Dispose();
        }));

    /// <summary>
    /// Streams until <paramref name="stopStarting"/>: bursting consoles replay the panic of <paramref name="text"/> at
    /// <paramref name="workload"/>'s byte rate, then stay quiet for the quiet period plus a margin (a panicked
    /// machine prints nothing more) before the next; the others write one ordinary line now and then.
    /// A panic already started is finished after <paramref name="stopStarting"/> so every panic is complete.
    /// </summary>
    public Task StreamAsync(CaptureBenchOptions workload, ConsoleText text, Func<int, string> nameOf, CancellationToken stopStarting)
    {
        int stride = Math.Max(1, (int)Math.Round(1 / Math.Max(workload.BurstingShare, 1e-9)));
        return Task.WhenAll(_accepted.Select((socket, i) => socket is null
            ? Task.CompletedTask
            : i % stride == 0
                ? BurstAsync(socket, nameOf(i), workload, text, i, stopStarting)
                : TrickleAsync(socket, workload, text, i, stopStarting)));
    }

    private async Task BurstAsync(Socket socket, string console, CaptureBenchOptions workload, ConsoleText text, int seed, CancellationToken stopStarting)
    {
        var random = new Random(seed);
        int slice = Math.Max(1, workload.BytesPerSecond / 10);
        // Bursts start spread over the first seconds so they do not all line up.
        if (!await DelayAsync(TimeSpan.FromMilliseconds(random.Next(0, 2000)), stopStarting).ConfigureAwait(false))
        {
            return;
        }
        while (!stopStarting.IsCancellationRequested)
        {
            DateTimeOffset started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            for (int sent = 0; sent < text.Panic.Length;)
            {
                int n = Math.Min(slice, text.Panic.Length - sent);
                // Slices end at a line's end where one is in reach: a sender stalled between slices on a loaded
                // machine (longer than the quiet period) would otherwise leave a half line that the daemon rightly
                // ends on its own, and the bench would count one line twice (seen in CI as "-2 lines lost").
                int lastNewline = text.Panic.AsSpan(sent, n).LastIndexOf((byte)'\n');
                if (lastNewline >= 0)
                {
                    n = lastNewline + 1;
                }
                await SendAsync(socket, text.Panic.AsMemory(sent, n)).ConfigureAwait(false);
                sent += n;
                // Pace against the wall clock so a late slice does not slow the whole burst down.
                TimeSpan due = TimeSpan.FromSeconds((double)sent / workload.BytesPerSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero && sent < text.Panic.Length)
                {
                    await Task.Delay(due, CancellationToken.None).ConfigureAwait(false);
                }
            }
            Interlocked.Add(ref _linesSent, text.PanicLines);
            _bursts.Enqueue(new PanicBurst(console, started, DateTimeOffset.UtcNow));
            if (!await DelayAsync(workload.QuietPeriod + TimeSpan.FromSeconds(2), stopStarting).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task TrickleAsync(Socket socket, CaptureBenchOptions workload, ConsoleText text, int seed, CancellationToken stopStarting)
    {
        var random = new Random(seed);
        int next = random.Next(text.Trickle.Count);
        while (true)
        {
            TimeSpan pause = workload.TrickleInterval * (2 * random.NextDouble());
            if (!await DelayAsync(pause, stopStarting).ConfigureAwait(false))
            {
                return;
            }
            await SendAsync(socket, text.Trickle[next]).ConfigureAwait(false);
            Interlocked.Increment(ref _linesSent);
            next = (next + 1) % text.Trickle.Count;
        }
    }

    private async Task SendAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            int n = await socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false);
            data = data[n..];
            Interlocked.Add(ref _bytesSent, n);
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

/// <summary>One panic written to a console.</summary>
/// <param name="Console">The console's name.</param>
/// <param name="StartedAt">When its first byte was written.</param>
/// <param name="LastLineWrittenAt">When its last line was written; the console is quiet afterwards.</param>
internal sealed record PanicBurst(string Console, DateTimeOffset StartedAt, DateTimeOffset LastLineWrittenAt);
