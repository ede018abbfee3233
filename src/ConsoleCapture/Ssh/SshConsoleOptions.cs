namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// One BMC console reached over SSH. Secrets (<see cref="Password"/>, <see cref="PrivateKey"/>,
/// <see cref="PrivateKeyPassphrase"/>) arrive already resolved from environment variables or files by the daemon;
/// <see cref="ToString"/> never shows them, so the record can be logged.
/// </summary>
public sealed record SshConsoleOptions
{
    /// <summary>BMC host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>SSH port; <see langword="null"/> takes the profile's default (22; OpenBMC 2200).</summary>
    public int? Port { get; init; }

    /// <summary>Login name on the BMC.</summary>
    public required string User { get; init; }

    /// <summary>Password, when the BMC uses password login (may be combined with a key: the server picks).</summary>
    public string? Password { get; init; }

    /// <summary>Private key in OpenSSH/PEM/PuTTY text form (the key itself, not a path).</summary>
    public string? PrivateKey { get; init; }

    /// <summary>Passphrase of <see cref="PrivateKey"/>, when it is encrypted.</summary>
    public string? PrivateKeyPassphrase { get; init; }

    /// <summary>The pinned host key, <c>SHA256:...</c> (from <c>solwatch ssh-fingerprint HOST</c>). Required: no trust on first use.</summary>
    public required string HostKeySha256 { get; init; }

    /// <summary>The BMC kind: how to attach, leave and break.</summary>
    public SshConsoleProfile Profile { get; init; } = SshConsoleProfile.OpenBmc;

    /// <summary>
    /// Interval of SSH keepalive messages; they keep NAT and firewall state alive and make a silently dropped link
    /// fail within <see cref="KeepAliveInterval"/> + <see cref="DeadLinkTimeout"/>. Zero or negative disables them.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long sent data (keepalives included) may stay unacknowledged by the peer's TCP before the link counts as dead
    /// (TCP_USER_TIMEOUT). Without it Linux retransmits for about 15 minutes before giving up.
    /// </summary>
    public TimeSpan DeadLinkTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>TCP connect, SSH handshake and channel open timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait for the BMC's prompt before typing the profile's start command.</summary>
    public TimeSpan PromptTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Fail (and so reconnect) when the console printed nothing for this long; <see langword="null"/> = never.
    /// Only for consoles that are never quiet that long; it catches a BMC that still acknowledges TCP but serves nothing.
    /// </summary>
    public TimeSpan? ReadIdleTimeout { get; init; }

    /// <summary>TERM and size of the pseudo-terminal requested from the BMC (some BMCs refuse a console without one).</summary>
    public string TerminalType { get; init; } = "vt100";

    /// <summary>Terminal width in columns (wide, so the BMC does not wrap kernel lines).</summary>
    public uint Columns { get; init; } = 250;

    /// <summary>Terminal height in rows.</summary>
    public uint Rows { get; init; } = 50;

    /// <summary>The effective port.</summary>
    public int EffectivePort => Port ?? Profile.DefaultPort;

    /// <summary>For logs and <c>solwatch consoles</c>: <c>ssh://user@host:port (profile)</c>, never a secret.</summary>
    public string Endpoint => $"ssh://{User}@{Host}:{EffectivePort} ({Profile.Name})";

    /// <summary>Shows the endpoint and which credentials are set, never their values.</summary>
    public override string ToString() =>
        $"SshConsoleOptions {{ {Endpoint}, password: {(Password is null ? "no" : "set")}, key: {(PrivateKey is null ? "no" : "set")}, hostKey: {HostKeySha256} }}";
}
