namespace SolWatch.ConsoleCapture.Supervision;

/// <summary>
/// An immutable snapshot of one supervised console, safe to hand to other threads (API, `solwatch consoles`).
/// </summary>
/// <param name="Endpoint">The collector's endpoint (never a secret).</param>
/// <param name="State">Current state.</param>
/// <param name="Since">When the console entered <paramref name="State"/>.</param>
/// <param name="BackoffUntil">In <see cref="ConsoleState.BackingOff"/>: when the next attempt starts.</param>
/// <param name="Why">In <see cref="ConsoleState.BackingOff"/>: why the last attempt ended; in
/// <see cref="ConsoleState.Connecting"/>: what the collector waits for, when it said (IConsoleSink.OnWaiting).</param>
/// <param name="LastDataAt">When the last bytes arrived (the supervisor sees bytes, not lines), or null.</param>
/// <param name="Bytes">Bytes received since the supervisor started.</param>
/// <param name="Connects">How many times the console was attached.</param>
/// <param name="LastError">The last failure's message, or null.</param>
public sealed record ConsoleStatus(
    string Endpoint,
    ConsoleState State,
    DateTimeOffset Since,
    DateTimeOffset? BackoffUntil,
    string? Why,
    DateTimeOffset? LastDataAt,
    long Bytes,
    int Connects,
    string? LastError);
