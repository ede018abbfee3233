using System.Net;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;
using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>Reads <c>web:</c> (<see cref="WebConfig"/>); every problem is an error at its key's line.</summary>
internal static class WebConfigReader
{
    public static WebConfig Read(YamlMap? map, ConfigReadContext context)
    {
        if (map is null)
        {
            return WebConfig.Default;
        }
        bool enabled = map.Bool("enabled") ?? true;
        IPEndPoint? listen = null;
        if (map.Text("listen") is { } text)
        {
            if (!IPEndPoint.TryParse(text, out listen) || listen.Port == 0 || !MetricsConfigReader.LooksLikeEndpoint(text))
            {
                map.Error("listen", $"{ConfigText.Show(text)} is not ADDRESS:PORT (e.g. 127.0.0.1:9420, 0.0.0.0:9443 or [::1]:9420; the port 1-65535)");
                listen = null;
            }
        }
        string? usersFile = null;
        if (map.Text("usersFile") is { } users)
        {
            usersFile = context.FullPath(users);
            // Read now, so config check shows a missing file or a bad line before the daemon runs without them.
            try
            {
                UsersFile.Read(usersFile);
            }
            catch (UsersFileException e)
            {
                map.Error("usersFile", e.Message);
            }
        }
        WebTlsMode tls = map.OneOf("tls", "off", "self-signed", "file") switch
        {
            "self-signed" => WebTlsMode.SelfSigned,
            "file" => WebTlsMode.File,
            _ => WebTlsMode.Off,
        };
        string? certificate = map.Text("certificate") is { } c ? context.FullPath(c) : null;
        string? key = map.Text("certificateKey") is { } k ? context.FullPath(k) : null;
        if (tls == WebTlsMode.File && certificate is null)
        {
            map.Error("tls", "file needs web.certificate: the certificate file (PEM or PKCS#12), and web.certificateKey when the key is a file of its own");
        }
        if (tls != WebTlsMode.File && (certificate is not null || key is not null))
        {
            map.Error(certificate is not null ? "certificate" : "certificateKey", "is used only with tls: file");
        }
        foreach ((string name, string? path) in new[] { ("certificate", certificate), ("certificateKey", key) })
        {
            if (path is not null && tls == WebTlsMode.File && !File.Exists(path))
            {
                map.Error(name, $"{ConfigText.Show(path)} does not exist");
            }
        }
        if (tls != WebTlsMode.Off && listen is null && map.Has("tls"))
        {
            // The API's listener stays plain HTTP on loopback (the CLI speaks HTTP to it); TLS needs a listener of its own.
            map.Error("tls", "needs web.listen: the dashboard's own listener (the API's loopback listener stays plain HTTP)");
        }
        WebProxyConfig? proxy = ReadProxy(map.Map("proxy"));
        if (enabled && listen is not null && !IPAddress.IsLoopback(listen.Address) && tls == WebTlsMode.Off && proxy is null)
        {
            map.Diagnostics.Warning(map.Raw("listen")!, map.KeyPath("listen"),
                "listens beyond loopback over plain HTTP: passwords and session cookies cross the network in clear (set tls: self-signed or tls: file, or put a TLS proxy in front)");
        }
        map.ReportUnknownKeys();
        return new WebConfig(enabled, listen, usersFile, tls, certificate, key, proxy);
    }

    private static WebProxyConfig? ReadProxy(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }
        string? address = map.Text("address", required: true);
        string? header = map.Text("userHeader", required: true);
        IPAddress? ip = null;
        if (address is not null && !IPAddress.TryParse(address, out ip))
        {
            map.Error("address", $"{ConfigText.Show(address)} is not an IP address (the proxy's address as the daemon sees it, e.g. 127.0.0.1)");
        }
        if (header is not null && (header.Length == 0 || !header.All(IsTokenChar)))
        {
            map.Error("userHeader", $"{ConfigText.Show(header)} is not a header name (e.g. X-Forwarded-User or Remote-User)");
            header = null;
        }
        map.ReportUnknownKeys();
        return ip is not null && header is not null ? new WebProxyConfig(ip, header) : null;
    }

    // RFC 9110 token characters: what a header name may hold.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
