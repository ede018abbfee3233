using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// The dashboard listener's TLS certificate: the configured file (PEM with its key beside or inside, or PKCS#12), or
/// with <c>tls: self-signed</c> one made on first start and kept next to the database (owner-only), so its SHA-256
/// fingerprint, printed at every start, stays the one the operators checked.
/// </summary>
internal static class WebCertificate
{
    /// <summary>Where the self-signed certificate of <paramref name="database"/> is kept.</summary>
    public static string SelfSignedFile(string database) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, "web-tls.pfx");

    /// <summary>The certificate to serve, or null for plain HTTP.</summary>
    public static X509Certificate2? Load(WebConfig config, string database) => config.Tls switch
    {
        WebTlsMode.File when config.Certificate is { } file => FromFile(file, config.CertificateKey),
        WebTlsMode.SelfSigned => SelfSigned(SelfSignedFile(database)),
        _ => null,
    };

    /// <summary>The SHA-256 fingerprint as browsers show it (colon-separated hex).</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);

    private static X509Certificate2 FromFile(string file, string? key)
    {
        if (file.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(file, null);
        }
        using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(file, key);
        // Kestrel needs the key in a form the TLS stack can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 SelfSigned(string file)
    {
        if (File.Exists(file))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(file, null);
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=solwatch " + Environment.MachineName, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(Environment.MachineName);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        byte[] pfx = made.Export(X509ContentType.Pkcs12);
        // The private key: owner-only from the first byte written.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (FileStream stream = new(file, options))
        {
            stream.Write(pfx);
        }
        return X509CertificateLoader.LoadPkcs12(pfx, null);
    }
}
