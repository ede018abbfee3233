using System.Net;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>Where browsers reach the dashboard, for the start-up lines and one-time links.</summary>
internal static class WebUrls
{
    /// <summary>
    /// The dashboard listener's URL (from the addresses Kestrel reports), or the API's when the dashboard has no
    /// listener of its own. An any-address listener is named by this machine's name, which a browser elsewhere can use.
    /// </summary>
    public static string Base(WebConfig config, IEnumerable<string> addresses, string apiUrl)
    {
        if (config.Listen is not { } listen)
        {
            return apiUrl.TrimEnd('/');
        }
        string scheme = config.Tls == WebTlsMode.Off ? "http" : "https";
        string host = listen.Address.Equals(IPAddress.Any) || listen.Address.Equals(IPAddress.IPv6Any) ? Dns.GetHostName()
            : listen.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{listen.Address}]"
            : listen.Address.ToString();
        string? reported = addresses.FirstOrDefault(a => a.EndsWith(":" + listen.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        return reported is not null && !reported.Contains("0.0.0.0", StringComparison.Ordinal) && !reported.Contains("[::]", StringComparison.Ordinal)
            ? reported.TrimEnd('/')
            : $"{scheme}://{host}:{listen.Port}";
    }
}
