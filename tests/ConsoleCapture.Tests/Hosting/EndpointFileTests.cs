using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Hosting;
using SolWatch.ConsoleCapture.Tests.Collectors.Netconsole;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// The daemon's API endpoint file cannot always be written when it starts (a full disk: found by restarting a daemon
/// whose transcripts had filled its disk, which then died with a stack trace and watched nothing): the daemon runs on,
/// says once why the CLI cannot reach it, and writes the file when it can.
/// </summary>
public sealed class EndpointFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-endpoint-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_file_that_cannot_be_written_is_reported_once_and_written_as_soon_as_it_can_be()
    {
        string parent = Path.Combine(_dir, "not-yet");
        string path = Path.Combine(parent, "incidents.db.api.json");
        var endpoint = new ApiEndpoint("http://127.0.0.1:7410", ApiEndpoint.NewToken(), Environment.ProcessId);
        var log = new RecordingLogger();
        using var stopping = new CancellationTokenSource();

        Task writing = EndpointFile.WriteAsync(endpoint, path, log, stopping.Token, retryEvery: TimeSpan.FromMilliseconds(50));
        await Task.Delay(300);
        Assert.False(writing.IsCompleted);
        Assert.Single(log.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("the CLI cannot reach this daemon", StringComparison.Ordinal));

        Directory.CreateDirectory(parent);
        await writing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(endpoint, ApiEndpoint.TryRead(path));
        Assert.False(File.Exists(path + ".tmp"));
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_ends_the_retries()
    {
        string path = Path.Combine(_dir, "never", "incidents.db.api.json");
        using var stopping = new CancellationTokenSource();
        Task writing = EndpointFile.WriteAsync(
            new ApiEndpoint("http://127.0.0.1:7410", ApiEndpoint.NewToken(), Environment.ProcessId), path, new RecordingLogger(), stopping.Token,
            retryEvery: TimeSpan.FromMilliseconds(50));

        await stopping.CancelAsync();

        await writing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(File.Exists(path));
    }
}
