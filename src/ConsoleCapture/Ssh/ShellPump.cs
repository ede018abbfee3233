using Renci.SshNet;
using Renci.SshNet.Common;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// Moves what the SSH shell channel receives to a consumer without a reading thread: SSH.NET raises DataReceived on
/// its own receive loop, and the handler drains ShellStream's internal buffer (which would otherwise grow without
/// bound, since nobody calls Read). Until a consumer is set, bytes stay in that buffer, so nothing is lost between
/// opening the shell and attaching the console.
/// </summary>
internal sealed class ShellPump : IDisposable
{
    private readonly ShellStream _stream;
    // One drain at a time: SSH.NET's receive loop and SetConsumer may both drain, and chunks must stay in order.
    private readonly Lock _drainLock = new();
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly TaskCompletionSource<Exception?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConsumeBytes? _consumer;
    private long _lastReceivedTicks = Environment.TickCount64;

    /// <summary>Receives each chunk; runs on SSH.NET's receive thread, so it must not block.</summary>
    public delegate void ConsumeBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt);

    public ShellPump(ShellStream stream)
    {
        _stream = stream;
        _stream.DataReceived += OnDataReceived;
        _stream.Closed += OnClosed;
        _stream.ErrorOccurred += OnError;
    }

    /// <summary>Completes when the channel closes (null) or fails (the error).</summary>
    public Task<Exception?> Ended => _ended.Task;

    /// <summary><see cref="Environment.TickCount64"/> of the last received chunk (or of creation).</summary>
    public long LastReceivedTicks => Volatile.Read(ref _lastReceivedTicks);

    /// <summary>Marks the pump ended with <paramref name="error"/> (first caller wins).</summary>
    public void Fail(Exception error) => _ended.TrySetResult(error);

    /// <summary>Switches the consumer and hands it whatever is already buffered.</summary>
    public void SetConsumer(ConsumeBytes consumer)
    {
        lock (_drainLock)
        {
            _consumer = consumer;
        }
        Drain();
    }

    private void OnDataReceived(object? sender, ShellDataEventArgs e) => Drain();

    private void OnClosed(object? sender, EventArgs e)
    {
        Drain();
        _ended.TrySetResult(null);
    }

    private void OnError(object? sender, ExceptionEventArgs e) => _ended.TrySetResult(e.Exception);

    private void Drain()
    {
        lock (_drainLock)
        {
            if (_consumer is null)
            {
                return;
            }
            try
            {
                // DataAvailable is checked first so that Read never blocks the receive thread.
                while (_stream.DataAvailable)
                {
                    int n = _stream.Read(_buffer);
                    if (n <= 0)
                    {
                        break;
                    }
                    Volatile.Write(ref _lastReceivedTicks, Environment.TickCount64);
                    _consumer(_buffer.AsSpan(0, n), DateTimeOffset.UtcNow);
                }
            }
            catch (ObjectDisposedException)
            {
                // The stream was disposed while leaving; nothing more to deliver.
            }
            catch (Exception e)
            {
                // A failing consumer must not reach SSH.NET's receive loop (it would tear the session down
                // without saying why); end this run with the reason instead.
                _ended.TrySetResult(new InvalidOperationException($"the console sink failed: {e.Message}", e));
            }
        }
    }

    public void Dispose()
    {
        _stream.DataReceived -= OnDataReceived;
        _stream.Closed -= OnClosed;
        _stream.ErrorOccurred -= OnError;
    }
}
