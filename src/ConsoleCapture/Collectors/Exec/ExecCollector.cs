using System.Diagnostics;

namespace SolWatch.ConsoleCapture.Collectors.Exec;

/// <summary>
/// Runs a command and treats its stdout and stderr as the console. Its stdin stays open as a pipe for the
/// command's whole life (ipmitool sol activate ends at EOF on stdin) and carries <see cref="SendAsync"/>.
/// When the command exits, <see cref="RunAsync"/> ends and the supervisor starts it again after a backoff;
/// on cancellation the command's whole process tree is killed. The command gets a minimal environment
/// (<see cref="ExecEnvironment"/>), not the daemon's.
/// </summary>
public sealed class ExecCollector : IConsoleCollector, IConsoleWriter, IDisposable
{
    private readonly ExecCollectorOptions _options;
    // stdout and stderr are read by two loops; the sink is called by one at a time (sinks are not thread-safe).
    private readonly Lock _sinkLock = new();
    // One write at a time (ConsoleControl's SendGate already serializes a console's writes and bounds them by its
    // sendTimeout; this lock keeps a direct caller of SendAsync from interleaving two writes on the pipe).
    private readonly SemaphoreSlim _stdinLock = new(1, 1);
    private Stream? _stdin;

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
            if (StopSignal(process.ExitCode) is { } signal)
            {
                // Ctrl+C in a terminal and `systemctl stop` (KillMode=control-group) signal the command together with
                // the daemon, and the command may die first: if the daemon is stopping too, this is no failure.
                await Task.Delay(StopGrace, cancellationToken).ConfigureAwait(false);
                throw new IOException($"{Endpoint} was ended by {signal} from outside solwatch (exit code {process.ExitCode}); it is started again");
            }
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

    /// <summary>How long a command killed by a stop signal waits for the daemon's own stop before it counts as lost.</summary>
    internal static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    /// <summary>The signal a stopping terminal or service manager sends, from a killed process's exit code (128 + signal).</summary>
    private static string? StopSignal(int exitCode) => exitCode switch
    {
        128 + 1 => "SIGHUP",
        128 + 2 => "SIGINT",
        128 + 15 => "SIGTERM",
        _ => null,
    };

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Stream stdin = Volatile.Read(ref _stdin)
            ?? throw new InvalidOperationException($"{Endpoint} is not running; try again when the console is up");
        await _stdinLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stdin.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stdinLock.Release();
        }
    }

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
