using System.Globalization;
using System.Runtime.CompilerServices;
using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// One console's writes (<c>send</c>, <c>break</c>, <c>sysrq</c>), one at a time, each bounded by the console's
/// <c>sendTimeout</c>: a console that does not take its input (a TCP peer that does not read, a serial port held by
/// flow control, an SSH channel whose window is full) fails that send with <see cref="SendStalledException"/>
/// instead of hanging it and every later send behind it.
/// </summary>
/// <remarks>
/// A write that timed out is abandoned, not cancelled, and it keeps the console's turn until it really ends: either
/// the console takes the rest of it, or the connection drops (the collector's reconnect disposes the socket, port or
/// channel, which fails the write). Cancelling it instead would leave a buffer cut at an arbitrary byte (a command
/// missing its end), and the next send would go out right after that cut; and a socket write cancelled half-way may
/// leave the socket unusable. Meanwhile later sends are refused after a short probe (not a whole timeout each),
/// with nothing of theirs written, so nothing ever interleaves with the stuck buffer.
/// </remarks>
#pragma warning disable CA1001 // _turn is never disposed: an abandoned write releases it whenever it ends, possibly after its console is gone
internal sealed class SendGate
#pragma warning restore CA1001
{
    /// <summary>How long a send waits for its turn while an earlier write is known to be stuck.</summary>
    internal static readonly TimeSpan StalledProbe = TimeSpan.FromMilliseconds(250);

    // One gate per writer (a collector lives as long as its console's configuration), dropped with it.
    private static readonly ConditionalWeakTable<IConsoleWriter, SendGate> Gates = new();

    // Held from the start of a write until the write has really ended, not merely until its sender stopped waiting.
    private readonly SemaphoreSlim _turn = new(1, 1);

    // When the write holding the turn timed out (UTC ticks); 0 while no timed-out write is pending.
    private long _stalledSinceTicks;

    /// <summary>The gate of <paramref name="writer"/>.</summary>
    public static SendGate Of(IConsoleWriter writer) => Gates.GetValue(writer, _ => new SendGate());

    /// <summary>
    /// Runs <paramref name="write"/> (on the thread pool: some writes block their caller, SSH.NET's among them)
    /// when the console's earlier writes have ended, and waits for it at most <paramref name="timeout"/>.
    /// </summary>
    /// <param name="write">The write; it gets no cancellation token on purpose (see the remarks of the class).</param>
    /// <param name="timeout">The console's <c>sendTimeout</c>.</param>
    /// <param name="cancellationToken">The request's: stops waiting, never the write itself.</param>
    /// <exception cref="SendStalledException">The write, or an earlier one, did not end within the timeout.</exception>
    public async Task RunAsync(Func<Task> write, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long stalled = Interlocked.Read(ref _stalledSinceTicks);
        if (!await _turn.WaitAsync(stalled != 0 ? StalledProbe : timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new SendStalledException(stalled != 0 ? stalled : MarkStalled(), timeout, written: false);
        }
        Task running;
        try
        {
            running = Task.Run(write, CancellationToken.None);
        }
        catch
        {
            _turn.Release();
            throw;
        }
        _ = running.ContinueWith(Ended, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await running.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new SendStalledException(MarkStalled(), timeout, written: true);
        }
    }

    private void Ended(Task write)
    {
        // Observed here: an abandoned write may still fail (the connection drops), and nobody else awaits it.
        _ = write.Exception;
        // Whether the console took the rest or the connection dropped, the next write starts on a clean stream.
        Interlocked.Exchange(ref _stalledSinceTicks, 0);
        _turn.Release();
    }

    private long MarkStalled()
    {
        long now = DateTimeOffset.UtcNow.UtcTicks;
        long before = Interlocked.CompareExchange(ref _stalledSinceTicks, now, 0);
        return before != 0 ? before : now;
    }
}

/// <summary>A console did not take a write within its <c>sendTimeout</c> (see <see cref="SendGate"/>).</summary>
internal sealed class SendStalledException : Exception
{
    public SendStalledException(long stalledSinceTicks, TimeSpan timeout, bool written)
        : base("the console is not reading its input")
    {
        StalledSince = new DateTimeOffset(stalledSinceTicks, TimeSpan.Zero);
        Timeout = timeout;
        Written = written;
    }

    /// <summary>When the console's first write timed out.</summary>
    public DateTimeOffset StalledSince { get; }

    /// <summary>The console's send timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>True when this send's own write timed out (part of it may be out); false when it never got its turn.</summary>
    public bool Written { get; }

    /// <summary>What to tell the user about <paramref name="console"/>.</summary>
    public string Describe(string console, string what)
    {
        string since = StalledSince.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string timeout = Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        string outcome = Written
            ? $"the {what} was not taken within its sendTimeout ({timeout} s); part of the text may have been sent, and the rest goes out if the console takes it"
            : $"an earlier write is still waiting for it, so nothing of this send was written";
        return $"console {console} is not reading its input (since {since} UTC): {outcome}. "
            + "Later sends are refused at once until the console takes that write or reconnects. "
            + "If the line is only slow (a low baud rate, a long paste), raise the console's sendTimeout";
    }
}
