using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Api;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// Writes the daemon's API endpoint file (its URL and token, which the CLI reads to reach it). A full disk or a
/// read-only directory must not keep the daemon from watching its consoles: it starts anyway, says why the CLI cannot
/// reach it yet, and writes the file as soon as it can (every <see cref="RetryEvery"/>).
/// </summary>
internal static class EndpointFile
{
    /// <summary>How often a failed write is tried again.</summary>
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(30);

    /// <summary>Writes the file now, or keeps trying until it is written or <paramref name="stopping"/>; never throws.</summary>
    public static async Task WriteAsync(ApiEndpoint endpoint, string path, ILogger log, CancellationToken stopping, TimeSpan? retryEvery = null)
    {
        TimeSpan every = retryEvery ?? RetryEvery;
        bool failedBefore = false;
        try
        {
            // A file left there is a previous daemon's (one daemon holds a database): stale, and on a full disk the
            // block it holds is the one the new file needs. Left in place, it sent the CLI to a dead daemon.
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Written over below, if it can be.
        }

        while (true)
        {
            try
            {
                endpoint.Write(path);
                if (failedBefore)
                {
                    log.LogInformation("API endpoint file {Path} written: the CLI reaches this daemon now", path);
                }
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!failedBefore)
                {
                    log.LogError(
                        "The API endpoint file {Path} cannot be written ({Error}): the consoles are watched, but the CLI cannot reach this daemon until it is; " +
                        "free space on that file system (or make the directory writable); the daemon tries again every {Every} s",
                        path, e.Message.TrimEnd('.'), every.TotalSeconds);
                    failedBefore = true;
                }
            }
            try
            {
                await Task.Delay(every, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
