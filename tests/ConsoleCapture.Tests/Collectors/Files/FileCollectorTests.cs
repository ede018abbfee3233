using System.Text;
using SolWatch.ConsoleCapture.Collectors.Files;
using SolWatch.ConsoleCapture.Supervision;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Files;

public sealed class FileCollectorTests : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-file-").FullName;

    private string LogPath => Path.Combine(_dir, "console.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Append(string path, string text) => File.AppendAllText(path, text, Encoding.ASCII);

    private static async Task<(RecordingSink Sink, CancellationTokenSource Stop, Task Run)> StartAsync(FileCollectorOptions options)
    {
        var sink = new RecordingSink();
        var cts = new CancellationTokenSource();
        Task run = new FileCollector(options).RunAsync(sink, cts.Token);
        await sink.WaitUntilAsync(s => s.Connects.Count >= 1, "the file to be opened");
        return (sink, cts, run);
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }

    [Fact]
    public async Task Following_starts_at_the_end_and_delivers_what_is_appended()
    {
        Append(LogPath, "old line\n");
        var (sink, stop, run) = await StartAsync(new FileCollectorOptions(LogPath, pollInterval: Poll));

        Append(LogPath, "new line\n");
        await sink.WaitForTextAsync("new line\n");

        Assert.Equal("new line\n", sink.Text);
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task A_path_that_names_a_directory_fails_saying_it_is_a_directory_not_that_permission_is_denied()
    {
        string directory = Path.Combine(_dir, "logs");
        Directory.CreateDirectory(directory);
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<IOException>(() => new FileCollector(new FileCollectorOptions(directory, pollInterval: Poll)).RunAsync(sink, cts.Token));

        Assert.Contains("is a directory, not a file", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("permission denied", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_does_not_exist_yet_is_waited_for_saying_so_once_and_the_console_shows_why()
    {
        var sink = new RecordingSink();
        var supervisor = new ConsoleSupervisor(new FileCollector(new FileCollectorOptions(LogPath, pollInterval: Poll)), sink, SupervisorOptions.Default, _ => { });
        using var cts = new CancellationTokenSource();
        Task run = supervisor.RunAsync(cts.Token);
        await sink.WaitUntilAsync(s => s.Waits.Count >= 1, "the wait to be said");
        await Task.Delay(Poll * 5);

        Assert.Equal(["waiting for the file to be created (followed like tail -F once it is)"], sink.Waits);
        Assert.Equal(ConsoleState.Connecting, supervisor.Status.State);
        Assert.Equal(sink.Waits[0], supervisor.Status.Why);

        Append(LogPath, "");
        await sink.WaitUntilAsync(s => s.Connects.Count >= 1, "the file to be opened");
        Assert.Null(supervisor.Status.Why);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_file_whose_directory_does_not_exist_yet_is_waited_for_naming_the_directory()
    {
        string path = Path.Combine(_dir, "later", "console.log");
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = new FileCollector(new FileCollectorOptions(path, pollInterval: Poll)).RunAsync(sink, cts.Token);
        await sink.WaitUntilAsync(s => s.Waits.Count >= 1, "the wait to be said");

        Assert.Equal([$"waiting for the file's directory {Path.Combine(_dir, "later")} to be created"], sink.Waits);
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task From_the_beginning_a_file_that_does_not_exist_yet_is_waited_for()
    {
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();
        Task run = new FileCollector(new FileCollectorOptions(LogPath, fromBeginning: true, pollInterval: Poll)).RunAsync(sink, cts.Token);
        await Task.Delay(100);
        Assert.Empty(sink.Connects);

        Append(LogPath, "first\n");
        await sink.WaitForTextAsync("first\n");

        await StopAsync(cts, run);
    }

    [Fact]
    public async Task A_rotated_file_is_read_to_its_end_and_the_new_file_from_its_start()
    {
        Append(LogPath, "");
        var (sink, stop, run) = await StartAsync(new FileCollectorOptions(LogPath, pollInterval: Poll));
        Append(LogPath, "a\n");
        await sink.WaitForTextAsync("a\n");

        // logrotate's create mode: the writer still writes the renamed file for a moment, then a new one appears.
        File.Move(LogPath, LogPath + ".1");
        Append(LogPath + ".1", "b (late, old file)\n");
        Append(LogPath, "c (new file)\n");
        await sink.WaitForTextAsync("c (new file)\n");
        Append(LogPath, "d\n");
        await sink.WaitForTextAsync("d\n");

        Assert.Equal("a\nb (late, old file)\nc (new file)\nd\n", sink.Text);
        Assert.Single(sink.Connects);
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task A_truncated_file_is_read_again_from_its_start()
    {
        Append(LogPath, "0123456789 before truncation\n");
        var (sink, stop, run) = await StartAsync(new FileCollectorOptions(LogPath, fromBeginning: true, pollInterval: Poll));
        await sink.WaitForTextAsync("before truncation\n");

        File.WriteAllText(LogPath, "");   // copytruncate
        await Task.Delay(200);
        Append(LogPath, "after\n");
        await sink.WaitForTextAsync("after\n");

        Assert.Equal("0123456789 before truncation\nafter\n", sink.Text);
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task Replay_plays_the_whole_file_once_then_stays_connected()
    {
        string text = string.Concat(Enumerable.Range(0, 50).Select(i => $"[{i,5}.000000] line {i}\n"));
        Append(LogPath, text);
        var (sink, stop, run) = await StartAsync(new FileCollectorOptions(LogPath, replayBytesPerSecond: 20_000));

        await sink.WaitForTextAsync("line 49\n");
        await Task.Delay(200);

        Assert.Equal(text, sink.Text);
        Assert.False(run.IsCompleted);
        await StopAsync(stop, run);
    }
}
