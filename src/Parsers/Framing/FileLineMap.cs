using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Framing;

/// <summary>
/// Turns a reader's line numbers (the n-th framed line pushed) into the input's own (the file line it begins on,
/// <see cref="FramedBatch.FileLineOf"/>), for readers of a file: a report at line 341 of a log is at 341 whatever lone
/// CRs, over-long lines or z/VM wraps came before it.
/// </summary>
/// <remarks>
/// Kept as runs, not a number per line: within a run the file line either steps with the framed line (the usual case,
/// one '\n' per line) or stays (the pieces of one file line: a CR-only capture, a cut line). An ordinary log is one run
/// and a long line adds two, so memory stays that of the input's oddities. At most <see cref="MaxRuns"/> are kept; past
/// that (a log alternating CRs and newlines for millions of lines) the last run goes on, and its numbers drift.
/// </remarks>
public sealed class FileLineMap
{
    /// <summary>Runs kept at most (24 MB).</summary>
    public const int MaxRuns = 1 << 20;

    private long[] _framed = new long[4];
    private long[] _file = new long[4];
    private bool[] _same = new bool[4];
    private int _count;

    private long _noted;

    /// <summary>Records that the next framed line (the first is 1) begins on <paramref name="fileLine"/>; 0 (not known)
    /// keeps the current run's answer.</summary>
    public void Add(long fileLine)
    {
        long framedLine = ++_noted;
        if (fileLine <= 0)
        {
            return;
        }
        if (_count > 0)
        {
            int last = _count - 1;
            if (At(last, framedLine) == fileLine)
            {
                return;
            }
            if (!_same[last] && _framed[last] == framedLine - 1 && _file[last] == fileLine)
            {
                // The run's second line is on its first line's file line: a run of pieces.
                _same[last] = true;
                return;
            }
            if (_count == MaxRuns)
            {
                return;
            }
        }
        if (_count == _framed.Length)
        {
            Array.Resize(ref _framed, _count * 2);
            Array.Resize(ref _file, _count * 2);
            Array.Resize(ref _same, _count * 2);
        }
        _framed[_count] = framedLine;
        _file[_count] = fileLine;
        _same[_count] = false;
        _count++;
    }

    /// <summary><see cref="Add(long)"/> for each of a batch's lines (<see cref="FramedBatch.FileLines"/>), in order.</summary>
    /// <remarks>Why: per line, the notes were 3 % of an ordinary log's native scan; a batch on the current run (nearly
    /// every batch) is checked in one tight loop.</remarks>
    public void Add(ReadOnlySpan<long> fileLines)
    {
        if (_count > 0 && !_same[_count - 1])
        {
            long expected = At(_count - 1, _noted + 1);
            int i = 0;
            while (i < fileLines.Length && fileLines[i] == expected + i)
            {
                i++;
            }
            _noted += i;
            fileLines = fileLines[i..];
        }
        foreach (long fileLine in fileLines)
        {
            Add(fileLine);
        }
    }

    /// <summary>The file line framed line <paramref name="framedLine"/> begins on (itself when nothing was added).</summary>
    public long ToFile(long framedLine)
    {
        int lo = 0, hi = _count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_framed[mid] <= framedLine)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found < 0 ? framedLine : At(found, framedLine);
    }

    /// <summary><paramref name="report"/> with the file's line numbers (its kdump story's too).</summary>
    public CrashReport ToFile(CrashReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with
        {
            StartLine = ToFile(report.StartLine),
            EndLine = ToFile(report.EndLine),
            Kdump = report.Kdump is { } kdump ? ToFile(kdump) : null,
        };
    }

    /// <summary><paramref name="finding"/> with the file's line numbers, its timeline's too.</summary>
    public KdumpFinding ToFile(KdumpFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding with
        {
            StartLine = ToFile(finding.StartLine),
            EndLine = ToFile(finding.EndLine),
            Timeline = [.. finding.Timeline.Select(e => e with { Line = ToFile(e.Line) })],
        };
    }

    /// <summary><paramref name="hardware"/> with the file's line numbers.</summary>
    public HardwareEvent ToFile(HardwareEvent hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        return hardware with { StartLine = ToFile(hardware.StartLine), EndLine = ToFile(hardware.EndLine) };
    }

    private long At(int run, long framedLine) => _same[run] ? _file[run] : _file[run] + (framedLine - _framed[run]);
}
