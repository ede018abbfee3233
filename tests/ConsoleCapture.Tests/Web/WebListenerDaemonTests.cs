using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>The dashboard's own listener with a self-signed certificate, and a trusted proxy's user header, on a real daemon.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WebListenerDaemonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-weblisten-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_self_signed_listener_serves_the_certificate_whose_fingerprint_was_printed_and_marks_the_cookie_secure()
    {
        int port = FreePort();
        await using WebDaemon daemon = await WebDaemon.StartAsync(_dir, extraWeb: $"""
              listen: 127.0.0.1:{port}
              tls: self-signed
            """);
        string printed = daemon.Stdout.Split('\n').Single(l => l.Contains("web TLS:", StringComparison.Ordinal)).Split("SHA-256 ")[1].Trim();
        Assert.Contains($"  web:         https://127.0.0.1:{port}/", daemon.Stdout, StringComparison.Ordinal);

        string? served = null;
        using var handler = new HttpClientHandler
        {
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            // The test checks the fingerprint as an operator would, instead of a CA.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                served = Convert.ToHexString(certificate!.GetCertHash(HashAlgorithmName.SHA256));
                return true;
            },
        };
        using var browser = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
        using HttpResponseMessage login = await WebDaemon.LoginAsync(browser, "ann", "annann");

        Assert.Equal(printed.Replace(":", "", StringComparison.Ordinal), served);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        string cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("solwatch-session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ann", (await browser.GetFromJsonAsync<SessionView>("/web/session", ApiJson.Options))!.User);

        // The certificate is kept owner-only next to the database, so the next start serves the same one.
        string kept = WebCertificate.SelfSignedFile(daemon.Database);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kept));
        using X509Certificate2 saved = X509CertificateLoader.LoadPkcs12FromFile(kept, null);
        Assert.Equal(served, Convert.ToHexString(saved.GetCertHash(HashAlgorithmName.SHA256)));
    }

    [Fact]
    public async Task A_trusted_proxys_user_header_logs_in_known_users_only()
    {
        await using WebDaemon daemon = await WebDaemon.StartAsync(_dir, extraWeb: """
              proxy:
                address: 127.0.0.1
                userHeader: X-Forwarded-User
            """);
        using HttpClient known = daemon.Browser();
        known.DefaultRequestHeaders.Add("X-Forwarded-User", "bob");
        SessionView session = (await known.GetFromJsonAsync<SessionView>("/web/session", ApiJson.Options))!;
        Assert.Equal(("bob", "operator"), (session.User, session.Role));

        using HttpClient stranger = daemon.Browser();
        stranger.DefaultRequestHeaders.Add("X-Forwarded-User", "mallory");
        using HttpResponseMessage refused = await stranger.GetAsync("/web/session");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("user mallory has no role here", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using HttpClient anonymous = daemon.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/web/session")).StatusCode);
    }
}
