namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>
/// The crashed host itself, reached over SSH to audit its kdump setup and fetch the dmesg kdump saved (a console's
/// <c>kdumpHost:</c>). Secrets arrive resolved (from environment variables or owner-only files); <see cref="ToString"/>
/// never shows them.
/// </summary>
public sealed record KdumpHostOptions
{
    /// <summary>Host name or address of the machine (not its BMC).</summary>
    public required string Host { get; init; }

    /// <summary>SSH port.</summary>
    public int Port { get; init; } = 22;

    /// <summary>Login name (one that may read the dump directory).</summary>
    public required string User { get; init; }

    /// <summary>The pinned host key (<c>SHA256:…</c>); null: never connect (no trust on first use).</summary>
    public string? HostKeySha256 { get; init; }

    /// <summary>Where kdump saves its dumps on the host: kexec-tools' <c>path</c> and kdump-tools' <c>KDUMP_COREDIR</c> both default to /var/crash.</summary>
    public string DumpDir { get; init; } = "/var/crash";

    /// <summary>TCP connect and SSH handshake timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one remote command may run.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Password, or null.</summary>
    public string? Password { get; init; }

    /// <summary>Private key text (not a path), or null.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>Passphrase of <see cref="PrivateKey"/>, or null.</summary>
    public string? PrivateKeyPassphrase { get; init; }

    /// <summary><c>ssh://user@host:port</c>, for messages and an attachment's source.</summary>
    public string Endpoint => $"ssh://{User}@{Host}:{Port}";

    /// <summary>Shows the endpoint and which credentials are set, never their values.</summary>
    public override string ToString() =>
        $"KdumpHostOptions {{ {Endpoint}, dumpDir: {DumpDir}, password: {(Password is null ? "no" : "set")}, key: {(PrivateKey is null ? "no" : "set")}, hostKey: {HostKeySha256 ?? "none"} }}";
}
