namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>What to do when the BMC says SOL is already active on another session (someone else holds the console).</summary>
public enum SolActivePolicy
{
    /// <summary>
    /// Retry activation with backoff until the other session lets go (default: a human at the console is not
    /// kicked off, and a stale session of ours expires on the BMC within a minute).
    /// </summary>
    Wait,

    /// <summary>Deactivate the other session's SOL, then activate ours (once per connection).</summary>
    Steal,

    /// <summary>Fail the connection attempt with an error; the supervisor retries later.</summary>
    Fail,
}
