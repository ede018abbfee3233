using System.Net;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// <c>metrics:</c> the Prometheus <c>/metrics</c> endpoint. It needs no token: a Prometheus server cannot hold the
/// API's token (new at every start), and exporters are unauthenticated by custom; what keeps it private is where it
/// listens. By default it is served on the API's own loopback listener; <see cref="Listen"/> adds a listener that
/// serves <c>/metrics</c> and nothing else (e.g. the management address a remote Prometheus scrapes).
/// </summary>
/// <param name="Enabled">Serve <c>/metrics</c> at all (default true).</param>
/// <param name="Listen">A second listener for <c>/metrics</c> only, or null for the API's listener alone.</param>
public sealed record MetricsConfig(bool Enabled, IPEndPoint? Listen)
{
    /// <summary>Served on the API listener only.</summary>
    public static MetricsConfig Default { get; } = new(true, null);

    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";
}
