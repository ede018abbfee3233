using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SolWatch.ConsoleCapture.Hosting;
using SolWatch.Parsers.Hardware;
using SolWatch.Storage.Hardware;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// <c>GET /api/hardware-events?console=&amp;since=&amp;severity=&amp;limit=</c>: each console's hardware error counts over
/// the last hour, day and week, and the events newest first (<see cref="HardwareEventsView"/>). Apart from
/// <c>/api/incidents</c>: a hardware event is no crash.
/// </summary>
internal static class HardwareRoutes
{
    /// <summary>The most events one answer holds.</summary>
    public const int MaxEvents = 10_000;

    public static void Map(WebApplication app, CapturePipeline pipeline)
    {
        app.MapGet("/api/hardware-events", (HttpContext context) =>
        {
            if (!TryParse(context.Request.Query, out HardwareQuery? query, out string? error))
            {
                return Results.Json(new ApiError(error!), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }
            // Events first: the writer may store more between the two reads, and counts that hold every event listed
            // (and perhaps newer ones) read better than a list with events the counts do not know.
            IReadOnlyList<StoredHardwareEvent> events = pipeline.Incidents.HardwareEvents(query!);
            IReadOnlyList<HardwareRate> rates = pipeline.Incidents.HardwareRates(DateTimeOffset.UtcNow);
            return Results.Json(new HardwareEventsView(
                [.. rates.Where(r => query!.Console is null || r.Console == query.Console)],
                [.. events.Select(HardwareEventSummary.Of)]), ApiJson.Options);
        });
    }

    internal static bool TryParse(IQueryCollection p, out HardwareQuery? query, out string? error)
    {
        query = null;
        error = null;
        var q = new HardwareQuery();
        if (p["console"].ToString() is { Length: > 0 } console)
        {
            q = q with { Console = console };
        }
        if (p["severity"].ToString() is { Length: > 0 } severity)
        {
            if (HardwareSeverityName.Parse(severity) is not { } s)
            {
                error = $"severity: {severity} is not one of corrected, deferred, uncorrected-recoverable, fatal, unknown";
                return false;
            }
            q = q with { Severity = s };
        }
        if (p["since"].ToString() is { Length: > 0 } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t))
            {
                error = $"since: {text} is not a time (ISO 8601)";
                return false;
            }
            q = q with { Since = t };
        }
        if (p["limit"].ToString() is { Length: > 0 } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) || limit < 1)
            {
                error = $"limit: {limitText} is not a positive number";
                return false;
            }
            q = q with { Limit = Math.Min(limit, MaxEvents) };
        }
        query = q;
        return true;
    }
}
