namespace SolWatch.ConsoleCapture.Collectors.Files;

/// <summary>
/// A file that is a console: a growing log followed like <c>tail -F</c> (conserver, screen -L, qemu
/// -serial file:), or, with <see cref="ReplayBytesPerSecond"/>, a recorded console played once for demos.
/// </summary>
public sealed record FileCollectorOptions
{
    /// <summary>Creates and validates the options.</summary>
    /// <param name="path">The file; it need not exist yet.</param>
    /// <param name="fromBeginning">Follow: deliver what the file already holds (default: start at its end, like tail -F -n 0).</param>
    /// <param name="pollInterval">How often a quiet file is checked for growth, rotation and truncation (default 250 ms).</param>
    /// <param name="replayBytesPerSecond">Replay mode: play the file from its start at this rate (e.g. 11520 = 115200 baud), once; null = follow.</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public FileCollectorOptions(string path, bool fromBeginning = false, TimeSpan? pollInterval = null, int? replayBytesPerSecond = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("path must name a file (it is empty)", nameof(path));
        }
        Path = System.IO.Path.GetFullPath(path);
        FromBeginning = fromBeginning;
        PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(250);
        ReplayBytesPerSecond = replayBytesPerSecond;
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"poll interval must be 10 ms - 1 min (got {PollInterval})", nameof(pollInterval));
        }
        if (replayBytesPerSecond is < 1)
        {
            throw new ArgumentException($"replay rate must be >= 1 byte/s (got {replayBytesPerSecond}); 11520 is 115200 baud", nameof(replayBytesPerSecond));
        }
    }

    /// <summary>Absolute path of the file.</summary>
    public string Path { get; }

    /// <summary>Whether following starts at the beginning of the existing content.</summary>
    public bool FromBeginning { get; }

    /// <summary>How often a quiet file is re-examined.</summary>
    public TimeSpan PollInterval { get; }

    /// <summary>Replay rate in bytes per second, or null to follow the file.</summary>
    public int? ReplayBytesPerSecond { get; }
}
