using System.Text;
using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Support;

/// <summary>A sink that keeps everything it is given and lets a test wait for text to arrive.</summary>
internal sealed class RecordingSink : IConsoleSink
{
    private readonly Lock _lock = new();
    private readonly List<byte> _bytes = [];
    private readonly List<string> _connects = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _inCall;

    public int MaxConcurrentCalls { get; private set; }

    public IReadOnlyList<string> Connects
    {
        get
        {
            lock (_lock)
            {
                return [.. _connects];
            }
        }
    }

    public byte[] Bytes
    {
        get
        {
            lock (_lock)
            {
                return [.. _bytes];
            }
        }
    }

    /// <summary>Everything received, as Latin-1 text (one char per byte, so byte-exact).</summary>
    public string Text => Encoding.Latin1.GetString(Bytes);

    private readonly List<string> _waits = [];

    public IReadOnlyList<string> Waits
    {
        get
        {
            lock (_lock)
            {
                return [.. _waits];
            }
        }
    }

    public void OnWaiting(string why)
    {
        lock (_lock)
        {
            _waits.Add(why);
        }
        Signal();
    }

    public void OnConnected(string detail)
    {
        lock (_lock)
        {
            _connects.Add(detail);
        }
        Signal();
    }

    public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt)
    {
        MaxConcurrentCalls = Math.Max(MaxConcurrentCalls, Interlocked.Increment(ref _inCall));
        lock (_lock)
        {
            _bytes.AddRange(bytes);
        }
        Interlocked.Decrement(ref _inCall);
        Signal();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, or fails the test with what was received.</summary>
    public async Task WaitUntilAsync(Func<RecordingSink, bool> condition, string what, TimeSpan? timeout = null)
    {
        if (!await TryWaitUntilAsync(condition, timeout ?? TimeSpan.FromSeconds(30)))
        {
            Assert.Fail($"timed out waiting for {what}; {Describe()}");
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (true) or <paramref name="timeout"/> passes (false).</summary>
    public async Task<bool> TryWaitUntilAsync(Func<RecordingSink, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed = Volatile.Read(ref _changed).Task;
            if (condition(this))
            {
                return true;
            }
            try
            {
                // The short wait re-checks now and then in case a signal raced with the condition check.
                await changed.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return condition(this);
            }
        }
    }

    /// <summary>What was received, for failure messages.</summary>
    public string Describe()
    {
        string text = Text;
        return $"connects: {Connects.Count}; received {text.Length} bytes, last: {text[Math.Max(0, text.Length - 600)..]}";
    }

    public Task WaitForTextAsync(string text, TimeSpan? timeout = null) =>
        WaitUntilAsync(s => s.Text.Contains(text, StringComparison.Ordinal), $"'{text}'", timeout);

    private void Signal() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
