using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SolWatch.ConsoleCapture.Api;
using SolWatch.Storage.Alerts;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary><c>GET /api/alerts?limit=N</c>: the newest alert deliveries, oldest first (behind the API's token check).</summary>
internal static class AlertRoutes
{
    public const int DefaultLimit = 100;

    public static void Map(WebApplication app, AlertDeliveryLog log)
    {
        app.MapGet("/api/alerts", (HttpRequest request) =>
        {
            int limit = DefaultLimit;
            if (request.Query["limit"].ToString() is { Length: > 0 } text
                && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
            {
                return Results.Json(new ApiError($"limit: {text} is not a positive number"), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }
            return Results.Json(log.Recent(Math.Min(limit, log.MaxRecords)), ApiJson.Options);
        });
    }
}
