using System.Globalization;
using System.Net;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>Reads <c>metrics:</c> (<see cref="MetricsConfig"/>).</summary>
internal static class MetricsConfigReader
{
    public static MetricsConfig Read(YamlMap? map)
    {
        if (map is null)
        {
            return MetricsConfig.Default;
        }
        bool enabled = map.Bool("enabled") ?? true;
        IPEndPoint? listen = null;
        if (map.Text("listen") is { } text)
        {
            // ADDRESS:PORT, [IPv6]:PORT; a fixed port, so Prometheus's scrape configuration can name it.
            if (!IPEndPoint.TryParse(text, out listen) || listen.Port == 0 || !LooksLikeEndpoint(text))
            {
                map.Error("listen", $"{ConfigText.Show(text)} is not ADDRESS:PORT (e.g. 127.0.0.1:9410, 0.0.0.0:9410 or [::1]:9410; the port 1-65535)");
                listen = null;
            }
        }
        map.ReportUnknownKeys();
        return new MetricsConfig(enabled, listen);
    }

    // IPEndPoint.TryParse takes "127.0.0.1" (no port) as port 0 and a bare number as an address: both need a port.
    internal static bool LooksLikeEndpoint(string text)
    {
        int colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && (text.Count(c => c == ':') == 1 || text.StartsWith('['));
    }
}
