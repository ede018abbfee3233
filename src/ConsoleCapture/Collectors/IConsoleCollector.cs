namespace SolWatch.ConsoleCapture.Collectors;

/// <summary>
/// Owns one console connection and delivers its raw bytes, each chunk stamped with the time it was received.
/// Knows nothing of lines or crashes. A supervisor calls <see cref="RunAsync"/> again (after a jittered backoff)
/// whenever it returns or throws, and records the gap in the transcript.
/// </summary>
public interface IConsoleCollector
{
    /// <summary>What this collector connects to, for logs and `solwatch consoles` (never contains a secret).</summary>
    string Endpoint { get; }

    /// <summary>
    /// Connects, calls <see cref="IConsoleSink.OnConnected"/>, then delivers bytes until the peer closes the console
    /// (return) or the connection fails (throw, with a message that says what to do). Returns promptly on cancellation.
    /// </summary>
    Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken);
}

/// <summary>Where a collector delivers what it reads. Implementations must not block (capture never waits on storage).</summary>
public interface IConsoleSink
{
    /// <summary>The console is attached; <paramref name="detail"/> says how (e.g. "SOL payload 1, cipher suite 17").</summary>
    void OnConnected(string detail);

    /// <summary>Bytes read from the console at <paramref name="receivedAt"/>.</summary>
    void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt);

    /// <summary>
    /// The collector waits, not failing, for its console to appear (a followed file not created yet): why, for
    /// `solwatch consoles` while it is still connecting. Optional: a sink that does not show it ignores it.
    /// </summary>
    void OnWaiting(string why)
    {
    }
}

/// <summary>A collector whose console accepts input (SOL, serial, telnet, SSH): `solwatch send|break|sysrq`.</summary>
public interface IConsoleWriter
{
    /// <summary>Sends bytes to the console, as if typed.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Sends a serial break (SOL: the break bit; telnet: IAC BRK; SSH: the profile's break sequence).</summary>
    ValueTask SendBreakAsync(CancellationToken cancellationToken);
}
