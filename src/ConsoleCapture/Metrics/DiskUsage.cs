namespace SolWatch.ConsoleCapture.Metrics;

/// <summary>
/// The bytes under a directory, measured at most once per <paramref name="maxAge"/>: a walk of every transcript
/// part of thousands of consoles costs tens of milliseconds, too much for every scrape, and disk use moves slowly.
/// </summary>
internal sealed class DiskUsage(string directory, TimeSpan maxAge, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private long _bytes;
    private DateTimeOffset _measuredAt = DateTimeOffset.MinValue;

    public long Bytes()
    {
        lock (_gate)
        {
            DateTimeOffset now = clock.GetUtcNow();
            if (now - _measuredAt >= maxAge)
            {
                _bytes = Measure(directory);
                _measuredAt = now;
            }
            return _bytes;
        }
    }

    private static long Measure(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }
        long total = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (FileInfo file in new DirectoryInfo(directory).EnumerateFiles("*", options))
        {
            try
            {
                total += file.Length;
            }
            catch (IOException)
            {
                // Rotated or deleted by retention while walking: it no longer uses the disk.
            }
        }
        return total;
    }
}
