using System.Text;
using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>A sink that keeps everything it receives and lets a test wait for a text or the connection.</summary>
public sealed class RecordingSink : IConsoleSink
{
    private readonly Lock gate = new();
    private readonly StringBuilder text = new();
    private readonly TaskCompletionSource<string> connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> Connected => connected.Task;

    public string Text
    {
        get
        {
            lock (gate)
            {
                return text.ToString();
            }
        }
    }

    public void OnConnected(string detail) => connected.TrySetResult(detail);

    public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt)
    {
        TaskCompletionSource done;
        lock (gate)
        {
            text.Append(Encoding.Latin1.GetString(bytes));
            done = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
    }

    /// <summary>Waits until the received text contains <paramref name="expected"/>; fails with what arrived instead.</summary>
    public async Task WaitForAsync(string expected, TimeSpan timeout, Task? runTask = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (text.ToString().Contains(expected, StringComparison.Ordinal))
                {
                    return;
                }
                next = changed.Task;
            }
            try
            {
                Task first = await Task.WhenAny(next, runTask ?? Task.Delay(Timeout.Infinite, cts.Token), Task.Delay(Timeout.Infinite, cts.Token));
                if (first == runTask)
                {
                    await runTask; // surfaces the collector's error
                    Assert.Fail($"the collector returned before '{expected}' arrived; got: {Text}");
                }
                cts.Token.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"'{expected}' did not arrive within {timeout}; got: {Text}");
            }
        }
    }
}
