namespace SolWatch.ConsoleCapture.Collectors.Tcp;

/// <summary>
/// A raw TCP connection to a console server port (ser2net raw, a terminal server, qemu -serial tcp:...).
/// Also used by the telnet collector, which adds the telnet protocol on top.
/// </summary>
public sealed record TcpCollectorOptions
{
    /// <summary>Creates and validates the options.</summary>
    /// <param name="host">Host name or address of the console server.</param>
    /// <param name="port">TCP port, 1-65535.</param>
    /// <param name="connectTimeout">How long one connect attempt may take (default 10 s).</param>
    /// <param name="keepAliveIdle">Idle time before TCP keepalive probes start (default 30 s). A console can be
    /// silent for days; keepalive is what notices a peer that vanished without a FIN (power loss, cable).</param>
    /// <param name="keepAliveInterval">Time between unanswered probes (default 10 s).</param>
    /// <param name="keepAliveProbes">Unanswered probes before the connection is declared dead (default 3).</param>
    /// <exception cref="ArgumentException">A value is out of range; the message says which and why.</exception>
    public TcpCollectorOptions(
        string host, int port, TimeSpan? connectTimeout = null, TimeSpan? keepAliveIdle = null,
        TimeSpan? keepAliveInterval = null, int keepAliveProbes = 3)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new ArgumentException("host must be a host name or an IP address (it is empty)", nameof(host));
        }
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"port must be 1-65535 (got {port})", nameof(port));
        }
        Host = host;
        Port = port;
        ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10);
        KeepAliveIdle = keepAliveIdle ?? TimeSpan.FromSeconds(30);
        KeepAliveInterval = keepAliveInterval ?? TimeSpan.FromSeconds(10);
        KeepAliveProbes = keepAliveProbes;
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"connect timeout must be > 0 (got {ConnectTimeout})", nameof(connectTimeout));
        }
        if (KeepAliveIdle < TimeSpan.FromSeconds(1) || KeepAliveInterval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException(
                $"keepalive idle and interval must be >= 1 s (got {KeepAliveIdle} and {KeepAliveInterval}); TCP keepalive counts whole seconds",
                nameof(keepAliveIdle));
        }
        if (KeepAliveProbes is < 1 or > 127)
        {
            throw new ArgumentException($"keepalive probes must be 1-127 (got {KeepAliveProbes})", nameof(keepAliveProbes));
        }
    }

    /// <summary>Host name or address.</summary>
    public string Host { get; }

    /// <summary>TCP port.</summary>
    public int Port { get; }

    /// <summary>Limit of one connect attempt.</summary>
    public TimeSpan ConnectTimeout { get; }

    /// <summary>Idle time before keepalive probing.</summary>
    public TimeSpan KeepAliveIdle { get; }

    /// <summary>Time between keepalive probes.</summary>
    public TimeSpan KeepAliveInterval { get; }

    /// <summary>Unanswered probes that declare the peer dead.</summary>
    public int KeepAliveProbes { get; }

    /// <summary>host:port, for logs.</summary>
    public string Endpoint => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
