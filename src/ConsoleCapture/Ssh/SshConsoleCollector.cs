using System.Text;
using System.Text.RegularExpressions;
using Renci.SshNet;
using Renci.SshNet.Common;
using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// A host's serial console served by its BMC over SSH (iDRAC, iLO, SMASH CLP, OpenBMC or a configured generic one).
/// Each <see cref="RunAsync"/> connects with the host key pinned, logs in, attaches the console the profile's way and
/// delivers bytes from SSH.NET's receive loop (no thread per console); it fails when the link dies (error,
/// keepalives unacknowledged, optional read-idle timeout) so that the supervisor reconnects.
/// </summary>
public sealed class SshConsoleCollector : IConsoleCollector, IConsoleWriter, IDisposable
{
    private const int ShellBufferSize = 64 * 1024;
    private readonly SshConsoleOptions _options;
    private readonly HostKeyFingerprint _pinned;
    private readonly Regex _prompt;
    // Keeps send, break and the exit sequence from interleaving their bytes on the channel.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly PrivateKeyFile? _key;
    private ShellStream? _attached;

    /// <summary>Validates the options; throws <see cref="ArgumentException"/> naming the console and the key at fault.</summary>
    public SshConsoleCollector(SshConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (options.Password is null && options.PrivateKey is null)
        {
            throw new ArgumentException($"SSH console {options.Endpoint}: neither a password nor a private key is configured; give it one of them.", nameof(options));
        }
        try
        {
            _pinned = HostKeyFingerprint.Parse(options.HostKeySha256);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"SSH console {options.Endpoint}: `hostKey`: {e.Message}", nameof(options), e);
        }
        _prompt = new Regex(options.Profile.PromptPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        _key = options.PrivateKey is null ? null : SshConnector.ReadPrivateKey(options);
    }

    /// <inheritdoc />
    public string Endpoint => _options.Endpoint;

    /// <inheritdoc />
    public async Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        using var connection = await SshConnector.ConnectAsync(_options, _pinned, _key, cancellationToken).ConfigureAwait(false);
        SshClient client = connection.Client;
        string deadLink = DeadLinkSocket.TryApply(client, _options.DeadLinkTimeout);
        using ShellStream shell = OpenShell(client);
        using var pump = new ShellPump(shell);
        void OnClientError(object? sender, ExceptionEventArgs e) => pump.Fail(e.Exception);
        client.ErrorOccurred += OnClientError;
        bool attached = false;
        try
        {
            string? command = _options.Profile.StartCommand;
            if (command is not null)
            {
                await WaitForPromptAsync(pump, cancellationToken).ConfigureAwait(false);
            }
            sink.OnConnected(Describe(client, deadLink));
            pump.SetConsumer(sink.OnBytes);
            Volatile.Write(ref _attached, shell);
            attached = true;
            if (command is not null)
            {
                await WriteAsync(shell, Encoding.UTF8.GetBytes(command + "\r"), cancellationToken).ConfigureAwait(false);
            }
            Exception? failure = await WatchAsync(client, pump, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                throw new IOException($"SSH console {Endpoint}: connection lost ({failure.Message}); reconnecting.", failure);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && attached)
        {
            await LeaveAsync(shell).ConfigureAwait(false);
            throw;
        }
        finally
        {
            Volatile.Write(ref _attached, null);
            client.ErrorOccurred -= OnClientError;
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await WriteAsync(AttachedShell(), data, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask SendBreakAsync(CancellationToken cancellationToken)
    {
        if (_options.Profile.BreakSequence is not { } sequence)
        {
            throw new NotSupportedException(
                $"SSH console {Endpoint}: profile {_options.Profile.Name} has no break: {_options.Profile.BreakNote}.");
        }
        await WriteAsync(AttachedShell(), sequence.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the key and the write lock; call after the last <see cref="RunAsync"/> has ended.</summary>
    public void Dispose()
    {
        _key?.Dispose();
        _writeLock.Dispose();
    }

    private ShellStream AttachedShell() =>
        Volatile.Read(ref _attached)
        ?? throw new InvalidOperationException($"SSH console {Endpoint} is not attached right now (connecting or reconnecting); try again shortly.");

    private ShellStream OpenShell(SshClient client)
    {
        try
        {
            return client.CreateShellStream(_options.TerminalType, _options.Columns, _options.Rows, 0, 0, ShellBufferSize);
        }
        catch (SshException e)
        {
            throw new IOException($"SSH console {Endpoint}: the BMC refused a shell with a terminal ({e.Message}). It may limit concurrent sessions; close other sessions.", e);
        }
    }

    private async Task WaitForPromptAsync(ShellPump pump, CancellationToken cancellationToken)
    {
        var watcher = new PromptWatcher(_prompt);
        pump.SetConsumer(watcher.OnBytes);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PromptTimeout);
        Task timedOut = Task.Delay(Timeout.Infinite, timeout.Token);
        Task first = await Task.WhenAny(watcher.Seen, pump.Ended, timedOut).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == pump.Ended)
        {
            throw new IOException(
                $"SSH console {Endpoint}: the BMC closed the session before its prompt appeared (last output: \"{watcher.Tail()}\").", await pump.Ended.ConfigureAwait(false));
        }
        if (first == timedOut)
        {
            throw new IOException(
                $"SSH console {Endpoint}: no prompt matching /{_options.Profile.PromptPattern}/ within {_options.PromptTimeout.TotalSeconds:0} s " +
                $"(last output: \"{watcher.Tail()}\"). Is the profile `{_options.Profile.Name}` right for this BMC?");
        }
    }

    /// <summary>Waits until the channel ends (null: closed by the peer) or the link is found dead (the reason).</summary>
    private async Task<Exception?> WatchAsync(SshClient client, ShellPump pump, CancellationToken cancellationToken)
    {
        TimeSpan? idle = _options.ReadIdleTimeout;
        TimeSpan tick = idle is { } i ? TimeSpan.FromTicks(Math.Clamp(i.Ticks / 4, TimeSpan.TicksPerSecond / 4, TimeSpan.TicksPerSecond * 5)) : TimeSpan.FromSeconds(5);
        while (true)
        {
            Task delay = Task.Delay(tick, cancellationToken);
            if (await Task.WhenAny(pump.Ended, delay).ConfigureAwait(false) == pump.Ended)
            {
                return await pump.Ended.ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (!client.IsConnected)
            {
                return new IOException("the SSH session disconnected");
            }
            if (idle is { } limit && Environment.TickCount64 - pump.LastReceivedTicks > (long)limit.TotalMilliseconds)
            {
                return new TimeoutException($"no console output for {limit.TotalSeconds:0} s (readIdleTimeout)");
            }
        }
    }

    /// <summary>Detaches the console the profile's way, so the BMC does not keep a stale console session busy.</summary>
    private async Task LeaveAsync(ShellStream shell)
    {
        if (_options.Profile.ExitSequence.IsEmpty || !shell.CanWrite)
        {
            return;
        }
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await WriteAsync(shell, _options.Profile.ExitSequence.AsMemory(), bounded.Token).ConfigureAwait(false);
            // Give the BMC a moment to act on the sequence before the channel closes under it.
            await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Leaving is best effort: the session is being torn down anyway.
        }
    }

    private async Task WriteAsync(ShellStream shell, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            shell.Write(data.Span);
            shell.Flush();
        }
        catch (Exception e) when (e is ObjectDisposedException or SshException or InvalidOperationException)
        {
            throw new IOException($"SSH console {Endpoint}: cannot send, the console is not connected ({e.Message}).", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private string Describe(SshClient client, string deadLink)
    {
        var detail = new StringBuilder();
        detail.Append(client.ConnectionInfo.ServerVersion).Append(", host key ").Append(_pinned).Append(" verified, profile ").Append(_options.Profile.Name);
        if (_options.Profile.StartCommand is { } command)
        {
            detail.Append(" (`").Append(command).Append("`)");
        }
        detail.Append(", keepalive ").Append(_options.KeepAliveInterval > TimeSpan.Zero ? $"{_options.KeepAliveInterval.TotalSeconds:0} s" : "off");
        detail.Append(", ").Append(deadLink);
        if (_options.ReadIdleTimeout is { } idle)
        {
            detail.Append(", read-idle timeout ").Append($"{idle.TotalSeconds:0} s");
        }
        return detail.ToString();
    }
}
