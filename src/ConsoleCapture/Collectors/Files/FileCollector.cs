namespace SolWatch.ConsoleCapture.Collectors.Files;

/// <summary>
/// Follows a file like <c>tail -F</c>: waits for it to exist, reads what is appended, notices rotation (the
/// path now names another file: the rest of the old one is read, then the new one from its start) and
/// truncation (read again from the start). Polls a quiet file every <see cref="FileCollectorOptions.PollInterval"/>;
/// no thread is held while waiting. In replay mode it plays the file once at a fixed byte rate, then idles.
/// </summary>
/// <remarks>
/// Like tail -F, a truncation is seen only when the file is shorter than what was read: a file truncated and
/// refilled past the old position between two polls is read on from the old position.
/// </remarks>
public sealed class FileCollector : IConsoleCollector
{
    private const int ChunkSize = 8192;
    private readonly FileCollectorOptions _options;

    /// <summary>Creates the collector; it opens the file in <see cref="RunAsync"/>.</summary>
    public FileCollector(FileCollectorOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public string Endpoint => $"file:{_options.Path}";

    /// <inheritdoc />
    public Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return _options.ReplayBytesPerSecond is { } rate
            ? ReplayAsync(sink, rate, cancellationToken)
            : FollowAsync(sink, cancellationToken);
    }

    private async Task FollowAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[ChunkSize];
        bool first = true;
        while (true)
        {
            (FileStream stream, FileIdentity identity) = await OpenWhenPresentAsync(sink, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // The first file starts at its end unless asked otherwise; a file that appeared after a rotation
                // is new content and is read from its start.
                stream.Position = first && !_options.FromBeginning ? stream.Length : 0;
                if (first)
                {
                    // Once per run: a rotation loses nothing, so it is not a reconnection.
                    sink.OnConnected($"following {_options.Path}");
                    first = false;
                }
                await FollowOneAsync(stream, identity, sink, buffer, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads <paramref name="stream"/> until the path names another file and the old one is drained.</summary>
    private async Task FollowOneAsync(FileStream stream, FileIdentity identity, IConsoleSink sink, byte[] buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            int n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n > 0)
            {
                sink.OnBytes(buffer.AsSpan(0, n), DateTimeOffset.UtcNow);
                continue;
            }
            FileIdentity? now = FileIdentity.Of(_options.Path);
            if (now is not null && (now.Device != identity.Device || now.Inode != identity.Inode))
            {
                // Rotated; anything written to the old file before the rename has been read above.
                return;
            }
            if (stream.Length < stream.Position)
            {
                // Truncated in place (copytruncate, `: > file`): what is there now is new.
                stream.Position = 0;
                continue;
            }
            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(FileStream, FileIdentity)> OpenWhenPresentAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        // Said once per wait, without the path (the console's endpoint names it): a console that stayed "connecting"
        // with no reason sent its user looking for a fault.
        bool said = false;
        while (true)
        {
            try
            {
                // Share everything: the writer and logrotate must never be disturbed by the reader.
                var stream = new FileStream(_options.Path, new FileStreamOptions
                {
                    Mode = FileMode.Open,
                    Access = FileAccess.Read,
                    Share = FileShare.ReadWrite | FileShare.Delete,
                    Options = FileOptions.Asynchronous,
                    BufferSize = 0,
                });
                FileIdentity? identity = FileIdentity.Of(_options.Path);
                if (identity is not null)
                {
                    return (stream, identity);
                }
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                if (!said)
                {
                    said = true;
                    sink.OnWaiting(e is DirectoryNotFoundException
                        ? $"waiting for the file's directory {Path.GetDirectoryName(_options.Path)} to be created"
                        : "waiting for the file to be created (followed like tail -F once it is)");
                }
            }
            catch (UnauthorizedAccessException ex) when (Directory.Exists(_options.Path))
            {
                // .NET reports opening a directory as access denied: said so, root was told to grant itself access.
                throw new IOException($"{Endpoint}: is a directory, not a file; give the console's path the file to follow (e.g. {Path.Combine(_options.Path, "console.log")})", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new IOException($"{Endpoint}: permission denied; give the solwatch user read access to the file", ex);
            }
            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReplayAsync(IConsoleSink sink, int bytesPerSecond, CancellationToken cancellationToken)
    {
        var stream = new FileStream(_options.Path, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.Asynchronous,
        });
        await using (stream.ConfigureAwait(false))
        {
            sink.OnConnected($"replaying {_options.Path} at {bytesPerSecond} B/s");
            // Ten chunks a second is smooth to watch and cheap; a slow rate sends smaller chunks, never less than a byte.
            int chunk = Math.Clamp(bytesPerSecond / 10, 1, ChunkSize);
            TimeSpan perChunk = TimeSpan.FromSeconds((double)chunk / bytesPerSecond);
            byte[] buffer = new byte[chunk];
            using var timer = new PeriodicTimer(perChunk);
            while (true)
            {
                int n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                sink.OnBytes(buffer.AsSpan(0, n), DateTimeOffset.UtcNow);
                await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        // Played once: stay "connected" until stopped, so that the supervisor does not play it again.
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }
}
