using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Tests.Supervision;

/// <summary>A hand-written fake collector: each run plays the next step of a script; after the script it waits for cancellation.</summary>
internal sealed class ScriptedCollector(params Func<IConsoleSink, CancellationToken, Task>[] steps) : IConsoleCollector
{
    private int _runs;

    public string Endpoint => "fake:scripted";

    public int Runs => Volatile.Read(ref _runs);

    public Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        int run = Interlocked.Increment(ref _runs) - 1;
        return run < steps.Length ? steps[run](sink, cancellationToken) : Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public static Func<IConsoleSink, CancellationToken, Task> Fail(string message) => (_, _) => Task.FromException(new IOException(message));

    public static Func<IConsoleSink, CancellationToken, Task> ConnectSendAndClose(string text) => (sink, _) =>
    {
        sink.OnConnected("fake");
        sink.OnBytes(System.Text.Encoding.ASCII.GetBytes(text), DateTimeOffset.UtcNow);
        return Task.CompletedTask;
    };

    public static Func<IConsoleSink, CancellationToken, Task> ConnectSendAndFail(string text, string message) => (sink, _) =>
    {
        sink.OnConnected("fake");
        sink.OnBytes(System.Text.Encoding.ASCII.GetBytes(text), DateTimeOffset.UtcNow);
        return Task.FromException(new IOException(message));
    };
}
