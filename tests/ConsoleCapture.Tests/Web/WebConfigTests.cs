using System.Net;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary><c>web:</c> as read by the loader: defaults, every setting, and each mistake reported at its line.</summary>
public sealed class WebConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-webconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SolwatchConfig Parse(string web) => new ConfigLoader().Parse($"""
        api:
          port: 0
        {web}
        consoles:
          - name: demo
            type: replay
            resource: demo
        """, "solwatch.yaml", _dir).Config;

    private string[] Errors(string web) =>
        [.. Assert.Throws<ConfigException>(() => Parse(web)).Errors.Select(e => e.ToString())];

    [Fact]
    public void Without_a_web_section_the_dashboard_is_on_the_api_listener_with_one_time_links_only()
    {
        Assert.Equal(WebConfig.Default, Parse("").Web);
        Assert.True(WebConfig.Default.Enabled);
        Assert.Null(WebConfig.Default.Listen);
        Assert.Null(WebConfig.Default.UsersFile);
    }

    [Fact]
    public void Every_web_setting_is_read_and_relative_paths_are_relative_to_the_config_file()
    {
        File.WriteAllText(Path.Combine(_dir, "users"), $"ann admin {PasswordHashing.Hash("pw")}\n");
        WebConfig web = Parse("""
            web:
              listen: 127.0.0.1:9443
              usersFile: users
              tls: self-signed
              proxy:
                address: 10.0.0.5
                userHeader: X-Forwarded-User
            """).Web;

        Assert.Equal(IPEndPoint.Parse("127.0.0.1:9443"), web.Listen);
        Assert.Equal(Path.Combine(_dir, "users"), web.UsersFile);
        Assert.Equal(WebTlsMode.SelfSigned, web.Tls);
        Assert.Equal(new WebProxyConfig(IPAddress.Parse("10.0.0.5"), "X-Forwarded-User"), web.Proxy);
    }

    [Fact]
    public void A_bad_listen_address_is_an_error_at_its_line()
    {
        string[] errors = Errors("web:\n  listen: 127.0.0.1");
        Assert.Equal("solwatch.yaml:4:11: web.listen: 127.0.0.1 is not ADDRESS:PORT (e.g. 127.0.0.1:9420, 0.0.0.0:9443 or [::1]:9420; the port 1-65535)",
            Assert.Single(errors));
    }

    [Fact]
    public void A_missing_users_file_and_a_bad_users_file_line_are_errors_at_the_usersFile_line()
    {
        string missing = Assert.Single(Errors("web:\n  usersFile: nobody-here"));
        Assert.StartsWith("solwatch.yaml:4:14: web.usersFile: cannot read " + Path.Combine(_dir, "nobody-here"), missing, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_dir, "users"), "# the team\nann superuser AQAAAAIAAYagAAAAEJ\n");
        string bad = Assert.Single(Errors("web:\n  usersFile: users"));
        Assert.Equal($"solwatch.yaml:4:14: web.usersFile: {Path.Combine(_dir, "users")} line 2: role superuser is not one of viewer, operator, admin", bad);
    }

    [Fact]
    public void Tls_needs_a_listener_of_its_own_and_tls_file_needs_an_existing_certificate()
    {
        Assert.Equal("solwatch.yaml:4:8: web.tls: needs web.listen: the dashboard's own listener (the API's loopback listener stays plain HTTP)",
            Assert.Single(Errors("web:\n  tls: self-signed")));
        Assert.Contains("solwatch.yaml:5:8: web.tls: file needs web.certificate: the certificate file (PEM or PKCS#12), and web.certificateKey when the key is a file of its own",
            Errors("web:\n  listen: 127.0.0.1:9443\n  tls: file"));
        Assert.Equal($"solwatch.yaml:6:16: web.certificate: {Path.Combine(_dir, "web.pem")} does not exist",
            Assert.Single(Errors("web:\n  listen: 127.0.0.1:9443\n  tls: file\n  certificate: web.pem")));
    }

    [Fact]
    public void A_proxy_needs_an_ip_address_and_a_header_name_and_unknown_keys_are_named()
    {
        string[] errors = Errors("web:\n  proxy:\n    address: proxy.example.net\n    userHeader: \"X User\"\n  colour: blue");
        Assert.Contains(errors, e => e.StartsWith("solwatch.yaml:5:14: web.proxy.address:", StringComparison.Ordinal) && e.Contains("is not an IP address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("solwatch.yaml:6:17: web.proxy.userHeader:", StringComparison.Ordinal) && e.Contains("is not a header name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("solwatch.yaml:7:3: web.colour: unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void Listening_beyond_loopback_over_plain_http_is_a_warning()
    {
        LoadedConfig loaded = new ConfigLoader().Parse("""
            api:
              port: 0
            web:
              listen: 0.0.0.0:9420
            consoles:
              - name: demo
                type: replay
                resource: demo
            """, "solwatch.yaml", _dir);
        Assert.Contains(loaded.Warnings, w => w.Line == 4 && w.Key == "web.listen" && w.Message.Contains("plain HTTP", StringComparison.Ordinal));
    }
}
