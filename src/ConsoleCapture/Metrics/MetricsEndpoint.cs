using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Metrics;

/// <summary>
/// Serves <c>/metrics</c> in Prometheus's text format with OpenTelemetry's Prometheus exporter (the instruments are
/// System.Diagnostics.Metrics: <see cref="SolwatchInstruments"/>, <see cref="DaemonMetrics"/>). Unauthenticated, as
/// Prometheus exporters are (a scraper cannot know the API token, which is new at every start): on the API's loopback
/// listener only local users reach it, and <c>metrics.listen</c> adds a listener that answers <c>/metrics</c> and 404
/// to everything else, so opening metrics to a network never opens the API.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>Registers the meter provider and the exporter (nothing when metrics are off).</summary>
    public static void AddServices(IServiceCollection services, MetricsConfig config)
    {
        if (!config.Enabled)
        {
            return;
        }
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(SolwatchInstruments.MeterName)
            .AddPrometheusExporter(o =>
            {
                // Every scrape sees the counters of the moment (the default caches an answer for 300 ms).
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.ScrapeEndpointPath = MetricsConfig.Path;
            }));
    }

    /// <summary>Adds the metrics-only listener, when configured.</summary>
    public static void Listen(KestrelServerOptions kestrel, MetricsConfig config)
    {
        if (config is { Enabled: true, Listen: { } endpoint })
        {
            kestrel.Listen(endpoint);
        }
    }

    /// <summary>
    /// Maps <c>/metrics</c> ahead of the API's token check, and keeps the metrics-only listener to <c>/metrics</c>.
    /// Call before <see cref="Api.ApiRoutes.Map"/>.
    /// </summary>
    public static void Map(WebApplication app, MetricsConfig config, MetricsSwitch? enabled = null)
    {
        int? metricsPort = config is { Enabled: true, Listen: { } listen } ? listen.Port : null;
        if (metricsPort is { } port)
        {
            app.Use(async (context, next) =>
            {
                if (context.Connection.LocalPort == port && context.Request.Path != MetricsConfig.Path)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    await context.Response.WriteAsync($"only {MetricsConfig.Path} is served here\n");
                    return;
                }
                await next(context);
            });
        }
        if (config.Enabled && enabled is not null)
        {
            app.Use(async (context, next) =>
            {
                // metrics.enabled turned off by a reload: the path answers as if metrics were never on.
                if (!enabled.Enabled && context.Request.Path == MetricsConfig.Path)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    await context.Response.WriteAsync("metrics are off (metrics.enabled: false)\n");
                    return;
                }
                await next(context);
            });
        }
        if (config.Enabled)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == MetricsConfig.Path
                && HttpMethods.IsGet(context.Request.Method));
        }
    }

    /// <summary>Says where metrics are served, for the daemon's start-up lines.</summary>
    public static string Describe(MetricsConfig config, string apiUrl) =>
        !config.Enabled ? "off (metrics.enabled: false)"
        : config.Listen is { } l ? $"{apiUrl}{MetricsConfig.Path} and http://{Format(l)}{MetricsConfig.Path} (no token)"
        : $"{apiUrl}{MetricsConfig.Path} (no token)";

    private static string Format(IPEndPoint endpoint) => endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{endpoint.Address}]:{endpoint.Port}"
        : $"{endpoint.Address}:{endpoint.Port}";
}
