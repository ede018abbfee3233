namespace SolWatch.ConsoleCapture.Supervision;

/// <summary>Where a supervised console is in its life.</summary>
public enum ConsoleState
{
    /// <summary>The collector is connecting (or reconnecting).</summary>
    Connecting,

    /// <summary>The collector reported the console attached; bytes flow.</summary>
    Connected,

    /// <summary>The last attempt failed or the peer closed; waiting until <see cref="ConsoleStatus.BackoffUntil"/>.</summary>
    BackingOff,

    /// <summary>The supervisor was stopped (cancellation); it will not reconnect.</summary>
    Stopped,
}
