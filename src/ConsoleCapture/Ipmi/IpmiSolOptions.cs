namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>One IPMI SOL console: how to log in (<see cref="Session"/>) and how to run the SOL payload.</summary>
public sealed record IpmiSolOptions
{
    /// <summary>BMC address, credentials, privilege, cipher suites, request timeouts.</summary>
    public required IpmiSessionOptions Session { get; init; }

    /// <summary>What to do when SOL is already active on another session.</summary>
    public SolActivePolicy WhenActive { get; init; } = SolActivePolicy.Wait;

    /// <summary>With <see cref="SolActivePolicy.Wait"/>: give up (and let the supervisor retry) after this long.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>With <see cref="SolActivePolicy.Wait"/>: longest pause between two activation attempts.</summary>
    public TimeSpan WaitBackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Interval of the IPMI keepalive (Get Payload Instance Info, which also tells whether the console is still
    /// ours). At most 15 s: BMCs drop sessions idle for 30-60 s, and some count only IPMI messages, not SOL data.
    /// Each wait is shortened by a random 0-25 % so that thousands of consoles do not tick together.
    /// </summary>
    public TimeSpan Keepalive { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait for the ACK of a SOL packet we sent before sending it again.</summary>
    public TimeSpan RetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retransmissions of one SOL packet before the session counts as dead.</summary>
    public int RetransmitLimit { get; init; } = 5;

    /// <summary>After the BMC NACKs our data (its input buffer is full), wait this long for its "ready" ACK before resending.</summary>
    public TimeSpan NackPause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Session);
        Session.Validate();
        if (Keepalive <= TimeSpan.Zero || Keepalive > TimeSpan.FromSeconds(15))
        {
            throw new ArgumentException($"IPMI console {Session.Endpoint}: keepalive {Keepalive} must be between 0 and 15 s (BMCs drop idle sessions after 30-60 s)");
        }
        if (RetransmitTimeout <= TimeSpan.Zero || RetransmitLimit < 0 || NackPause <= TimeSpan.Zero)
        {
            throw new ArgumentException($"IPMI console {Session.Endpoint}: SOL retransmit timeout, limit and NACK pause must be positive");
        }
    }
}
