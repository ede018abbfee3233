using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SolWatch.ConsoleCapture.Hosting;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// <c>GET /api/consoles/{name}/transcript[?raw=true][&amp;since=T][&amp;until=T]</c>: a console's transcript as JSON
/// Lines, oldest first — <see cref="TranscriptLine"/>s, or with <c>raw</c> the <see cref="RawSegment"/>s of its raw
/// transcript (bytes in base64; concatenated they are the console's bytes exactly). Queued lines are written first.
/// </summary>
internal static class TranscriptExport
{
    public static async Task WriteAsync(HttpContext context, CapturePipeline pipeline, string console)
    {
        HttpResponse response = context.Response;
        CancellationToken ct = context.RequestAborted;
        TranscriptStore store = pipeline.Transcripts;
        if (!pipeline.Sessions.ContainsKey(console) && !store.Exists(console))
        {
            await FailAsync(response, StatusCodes.Status404NotFound, $"no console {console} (solwatch consoles lists them) and no transcript of that name");
            return;
        }
        if (!TryTime(context.Request, "since", out DateTimeOffset? since, out string? error) || !TryTime(context.Request, "until", out DateTimeOffset? until, out error))
        {
            await FailAsync(response, StatusCodes.Status400BadRequest, error!);
            return;
        }
        bool raw = context.Request.Query["raw"].ToString() is "true" or "1";
        await store.FlushAsync(ct);
        if (raw && !store.HasRaw(console) && !(pipeline.TryGetRunning(console, out var config, out _) && config.RawTranscript))
        {
            // A console that keeps raw bytes but has received none yet simply has an empty raw transcript.
            await FailAsync(response, StatusCodes.Status404NotFound,
                $"console {console} has no raw transcript (rawTranscript is off for it: see storage.rawTranscripts and the console's rawTranscript in the configuration)");
            return;
        }
        response.ContentType = "application/x-ndjson";
        IEnumerable<object> records = raw
            ? store.ReadRaw(console, since, until)
            : store.Read(console, since).Where(l => until is null || l.ReceivedAt <= until);
        int unflushed = 0;
        foreach (object record in records)
        {
            await response.WriteAsync(JsonSerializer.Serialize(record, record.GetType(), ApiJson.Options), ct);
            await response.WriteAsync("\n", ct);
            if (++unflushed == 256)
            {
                await response.Body.FlushAsync(ct);
                unflushed = 0;
            }
        }
    }

    private static bool TryTime(HttpRequest request, string key, out DateTimeOffset? time, out string? error)
    {
        time = null;
        error = null;
        if (request.Query[key].ToString() is not { Length: > 0 } text)
        {
            return true;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t))
        {
            error = $"{key}: {text} is not a time (ISO 8601)";
            return false;
        }
        time = t;
        return true;
    }

    private static Task FailAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new ApiError(message), ApiJson.Options);
    }
}
