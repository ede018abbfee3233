using System.Text;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// How to reach and log in to one BMC. <see cref="Password"/> is already resolved (from env/file) by the daemon;
/// it is left out of <see cref="ToString"/> and must never be logged.
/// </summary>
public sealed record IpmiSessionOptions
{
    /// <summary>BMC host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>RMCP port (623 on real BMCs).</summary>
    public int Port { get; init; } = 623;

    /// <summary>BMC user name. Empty (the anonymous/null user) is refused unless <see cref="AllowEmptyUserName"/>.</summary>
    public required string UserName { get; init; }

    /// <summary>The user's password (at most 20 bytes in IPMI 2.0). Secret.</summary>
    public required string Password { get; init; }

    /// <summary>BMC key Kg (two-key login) when the BMC has one set; null = none. Secret.</summary>
    public byte[]? BmcKey { get; init; }

    /// <summary>Privilege requested for the session: SOL needs User on most BMCs, chassis control Operator.</summary>
    public IpmiPrivilege Privilege { get; init; } = IpmiPrivilege.Administrator;

    /// <summary>Cipher suites to try, in order (default 17, then 3).</summary>
    public IReadOnlyList<int> CipherSuites { get; init; } = CipherSuite.DefaultPreference;

    /// <summary>
    /// Allow suites without authentication, integrity and encryption (suite 0 = anyone who knows a user name
    /// gets in). Off by default; when on, every login with such a suite logs a warning.
    /// </summary>
    public bool AllowInsecure { get; init; }

    /// <summary>Allow an empty user name (the BMC's anonymous/null user). Off by default.</summary>
    public bool AllowEmptyUserName { get; init; }

    /// <summary>How long to wait for each reply before retransmitting.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retransmissions of an in-session request before the session counts as dead.</summary>
    public int RequestRetries { get; init; } = 3;

    /// <summary>Complete session setups (Open Session → RAKP4) tried before giving up on an unanswering BMC.</summary>
    public int HandshakeAttempts { get; init; } = 3;

    /// <summary>"host:port", for logs and messages.</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the option and what to do.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("IPMI console: host is empty; set the BMC's host name or address");
        }
        if (Port is <= 0 or > 65535)
        {
            throw new ArgumentException($"IPMI console {Endpoint}: port {Port} is not a UDP port (the BMC default is 623)");
        }
        if (UserName.Length == 0 && !AllowEmptyUserName)
        {
            throw new ArgumentException(
                $"IPMI console {Endpoint}: the user name is empty (the BMC's anonymous user); set a user, or allow empty user names explicitly");
        }
        if (Encoding.UTF8.GetByteCount(UserName) > 16)
        {
            throw new ArgumentException($"IPMI console {Endpoint}: user name '{UserName}' is longer than the 16 bytes IPMI allows");
        }
        if (Encoding.UTF8.GetByteCount(Password) > 20)
        {
            throw new ArgumentException($"IPMI console {Endpoint}: the password for user '{UserName}' is longer than the 20 bytes IPMI 2.0 allows");
        }
        if (BmcKey is { Length: 0 or > 20 })
        {
            throw new ArgumentException($"IPMI console {Endpoint}: the BMC key (Kg) must be 1-20 bytes, not {BmcKey.Length}");
        }
        if (CipherSuites.Count == 0)
        {
            throw new ArgumentException($"IPMI console {Endpoint}: no cipher suite allowed; use 17 and/or 3");
        }
        foreach (int id in CipherSuites)
        {
            CipherSuite suite = CipherSuite.FromId(id);
            if (!suite.IsSecure && !AllowInsecure)
            {
                throw new ArgumentException(
                    $"IPMI console {Endpoint}: cipher suite {id} has no authentication, integrity or encryption (anyone who knows a user name can log in); " +
                    "refused. Use suite 17 or 3, or allow insecure cipher suites explicitly for this console");
            }
        }
    }

    /// <summary>Everything but the secrets.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Host = {Host}, Port = {Port}, UserName = {UserName}, Password = ***, Privilege = {Privilege}, ");
        builder.Append($"CipherSuites = [{string.Join(", ", CipherSuites)}], AllowInsecure = {AllowInsecure}, BmcKey = {(BmcKey is null ? "none" : "***")}");
        return true;
    }
}
