using System.Text;
using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

/// <summary>A sink that keeps everything it is given and lets a test wait for a piece of text.</summary>
public sealed class RecordingSink : IConsoleSink, IDisposable
{
    private readonly Lock _lock = new();
    private readonly MemoryStream _bytes = new();
    private readonly List<string> _connects = [];
    private readonly SemaphoreSlim _changed = new(0);

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

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
            }
        }
    }

    public void Dispose()
    {
        _bytes.Dispose();
        _changed.Dispose();
    }

    public void OnConnected(string detail)
    {
        lock (_lock)
        {
            _connects.Add(detail);
        }
        _changed.Release();
    }

    public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt)
    {
        lock (_lock)
        {
            _bytes.Write(bytes);
        }
        _changed.Release();
    }

    /// <summary>Waits until the received text contains <paramref name="text"/> (after <paramref name="from"/>); false on timeout.</summary>
    public async Task<bool> WaitForAsync(string text, TimeSpan timeout, int from = 0)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            string all = Text;
            if (all.Length > from && all.IndexOf(text, from, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }
            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }
}
