using System.Net;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// <c>web:</c> the operators' dashboard (see src/ConsoleCapture/Web). By default it is served on the API's own
/// loopback listener; <see cref="Listen"/> adds a listener of its own (with TLS when <see cref="Tls"/> says so).
/// Browsers log in with a session (users file, or a one-time link from <c>solwatch web url</c>); the CLI's bearer
/// token keeps working for /api.
/// </summary>
/// <param name="Enabled">Serve the dashboard at all (default true).</param>
/// <param name="Listen">A listener of its own, or null for the API's listener.</param>
/// <param name="UsersFile">Users with roles and hashed passwords (<c>solwatch web hash-password</c>), or null: only one-time links log in.</param>
/// <param name="Tls">off, self-signed, or file (a certificate of <see cref="Certificate"/>).</param>
/// <param name="Certificate">PEM certificate (or PKCS#12) file when <see cref="Tls"/> is file.</param>
/// <param name="CertificateKey">PEM private key file of <see cref="Certificate"/>, when it is kept apart.</param>
/// <param name="Proxy">A trusted reverse proxy that names the user in a header, or null.</param>
public sealed record WebConfig(bool Enabled, IPEndPoint? Listen, string? UsersFile, WebTlsMode Tls, string? Certificate, string? CertificateKey, WebProxyConfig? Proxy)
{
    /// <summary>On the API's listener, no users file, no TLS, no proxy.</summary>
    public static WebConfig Default { get; } = new(true, null, null, WebTlsMode.Off, null, null, null);
}

/// <summary><c>web.tls</c>.</summary>
public enum WebTlsMode
{
    /// <summary>Plain HTTP (loopback, or behind a TLS-terminating proxy).</summary>
    Off,

    /// <summary>A certificate generated once and kept next to the database; its SHA-256 fingerprint is printed at start.</summary>
    SelfSigned,

    /// <summary>The certificate of <c>web.certificate</c>.</summary>
    File,
}

/// <summary>
/// <c>web.proxy</c>: a reverse proxy that authenticates users itself and names them in <paramref name="UserHeader"/>.
/// The header is believed only on connections from <paramref name="Address"/>; the user's role still comes from the
/// users file.
/// </summary>
/// <param name="Address">The proxy's address as the daemon sees it.</param>
/// <param name="UserHeader">The header naming the user (e.g. X-Forwarded-User, Remote-User).</param>
public sealed record WebProxyConfig(IPAddress Address, string UserHeader);
