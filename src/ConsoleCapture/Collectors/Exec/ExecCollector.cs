using System.Diagnostics;

namespace SolWatch.ConsoleCapture.Collectors.Exec;

/// <summary>
/// Runs a command and treats its stdout and stderr as the console. Its stdin stays open as a pipe for the
/// command's whole life (ipmitool sol activate ends at EOF on stdin) and carries <see cref="SendAsync"/>.
/// When the command exits, <see cref="RunAsync"/> ends and the supervisor starts it again after a backoff;
/// on cancellation the command's whole process tree is killed. The command gets a minimal environment
/// (<see cref="ExecEnvironment"/>), not the daemon's.
/// </summary>
public sealed class ExecCollector : IConsoleCollector, ISelfTimedConsoleWriter, IDisposable
{
    private readonly ExecCollectorOptions _options;
    // stdout and stderr are read by two loops; the sink is called by one at a time (sinks are not thread-safe).
    private readonly Lock _sinkLock = new();
    // One write at a time. Held until a write has really ended, not merely until its sender stopped waiting, so a
    // write that ignores cancellation is never overlapped by the next one.
    private readonly SemaphoreSlim _stdinLock = new(1, 1);
    private Stream? _stdin;
    // When a write first timed out because the command did not read its stdin (UTC ticks), 0 when it reads. While
    // set, sends wait only StalledProbe: a console whose command ignores its input answers at once, not after a
    // timeout per send.
    private long _stalledSinceTicks;

    /// <summary>How long a send waits while the command is known not to read its input.</summary>
    private static readonly TimeSpan StalledProbe = TimeSpan.FromMilliseconds(250);

    /// <summary>Creates the collector; the command starts in <see cref="RunAsync"/>.</summary>
    public ExecCollector(ExecCollectorOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>"exec:" and the program name only: arguments may carry passwords (ipmitool -P).</summary>
    public string Endpoint => $"exec:{Path.GetFileName(_options.UseShell ? "sh" : _options.Argv[0])}";

    /// <inheritdoc />
    public async Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        cancellationToken.ThrowIfCancellationRequested();
        using Process process = Start();
        Interlocked.Exchange(ref _stalledSinceTicks, 0);
        Volatile.Write(ref _stdin, process.StandardInput.BaseStream);
        try
        {
            sink.OnConnected($"{Endpoint} pid {process.Id}");
            Task stdout = PumpAsync(process.StandardOutput.BaseStream, sink, cancellationToken);
            Task stderr = PumpAsync(process.StandardError.BaseStream, sink, cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                // The command is gone; its pipes end once every descendant holding them has exited too.
                await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A background child of the command keeps the pipe open; the command itself has exited.
            }
            finally
            {
                KillTree(process);
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                throw new IOException($"{Endpoint} exited with code {process.ExitCode}; check the command (run it by hand with the same arguments)");
            }
        }
        finally
        {
            Volatile.Write(ref _stdin, null);
        }
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The command did not read the data within the send timeout (see
    /// <see cref="ExecCollectorOptions.SendTimeout"/>); part of it may have been written.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Stream stdin = Volatile.Read(ref _stdin)
            ?? throw new InvalidOperationException($"{Endpoint} is not running; try again when the console is up");
        long stalled = Interlocked.Read(ref _stalledSinceTicks);
        TimeSpan timeout = stalled != 0 ? StalledProbe : _options.SendTimeout;
        if (!await _stdinLock.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw NotReading(data.Length, timeout, stalled != 0 ? stalled : MarkStalled());
        }
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Task write = WriteAsync(stdin, data, deadline.Token);
        _ = write.ContinueWith(t => ReleaseAfterWrite(t, deadline), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            // A pipe write observes the cancellation; the extra second covers one that would not.
            await write.WaitAsync(timeout + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw NotReading(data.Length, timeout, stalled != 0 ? stalled : MarkStalled());
        }
        Interlocked.Exchange(ref _stalledSinceTicks, 0);
    }

    private static async Task WriteAsync(Stream stdin, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await stdin.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void ReleaseAfterWrite(Task write, CancellationTokenSource deadline)
    {
        // Observed here: a write abandoned after its timeout may still fail (the command exits: broken pipe).
        _ = write.Exception;
        deadline.Dispose();
        try
        {
            _stdinLock.Release();
        }
        catch (ObjectDisposedException)
        {
            // The collector was disposed while an abandoned write was still pending.
        }
    }

    private long MarkStalled()
    {
        long now = DateTimeOffset.UtcNow.UtcTicks;
        long before = Interlocked.CompareExchange(ref _stalledSinceTicks, now, 0);
        return before != 0 ? before : now;
    }

    private IOException NotReading(int bytes, TimeSpan timeout, long stalledSinceTicks) =>
        new($"{Endpoint} is not reading its input (since {new DateTimeOffset(stalledSinceTicks, TimeSpan.Zero):yyyy-MM-dd HH:mm:ss} UTC): "
            + $"{bytes} bytes not taken within {timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s, the start of them may have been sent. "
            + "Sends are refused at once until the command reads again or restarts; if it never reads stdin, make the console readOnly, or raise its sendTimeout");

    /// <inheritdoc />
    public ValueTask SendBreakAsync(CancellationToken cancellationToken) =>
        _options.BreakSequence is { } sequence
            ? SendAsync(sequence, cancellationToken)
            : throw new NotSupportedException($"{Endpoint}: no break sequence is configured for this command");

    /// <summary>Releases the stdin lock.</summary>
    public void Dispose() => _stdinLock.Dispose();

    private Process Start()
    {
        var psi = new ProcessStartInfo
        {
            FileName = _options.UseShell ? "/bin/sh" : _options.Argv[0],
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _options.WorkingDirectory ?? string.Empty,
        };
        if (_options.UseShell)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(_options.Argv[0]);
        }
        else
        {
            foreach (string arg in _options.Argv.Skip(1))
            {
                psi.ArgumentList.Add(arg);
            }
        }
        // Not the daemon's environment: it holds other consoles' secrets (see ExecEnvironment).
        psi.Environment.Clear();
        foreach ((string name, string value) in ExecEnvironment.For(_options, Environment.GetEnvironmentVariables()))
        {
            psi.Environment[name] = value;
        }
        try
        {
            return Process.Start(psi) ?? throw new IOException($"{Endpoint} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new IOException($"{Endpoint} could not be started: {ex.Message}; check the program path and that it is executable", ex);
        }
    }

    private async Task PumpAsync(Stream stream, IConsoleSink sink, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[8192];
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }
                DateTimeOffset receivedAt = DateTimeOffset.UtcNow;
                lock (_sinkLock)
                {
                    sink.OnBytes(buffer.AsSpan(0, n), receivedAt);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown: RunAsync kills the command and reports the cancellation.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }
}
