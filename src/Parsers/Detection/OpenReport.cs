using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// A report being read. Lines are <em>committed</em> when they are part of it for sure, or <em>pending</em> while it is
/// unclear: after the report's end marker (or a run of lines that look like ordinary logging) lines wait in
/// <see cref="Pending"/> in case a <c>Kernel panic</c> follows, which then joins the report with them.
/// </summary>
internal sealed class OpenReport
{
    /// <summary>The header came from the kernel (timestamp or syslog tag): lines without one are user space's.</summary>
    private readonly bool _kernelOnly;

    public OpenReport(HeaderMatch header, long startLine, LineListPool lists)
    {
        Header = header;
        Context = header.Line.Caller;
        StartLine = startLine;
        EndLine = startLine;
        LastAcceptedLine = startLine;
        _kernelOnly = header.Line.HasKernelPrefix;
        Lines = lists.Rent();
        Pending = lists.Rent();
        Lines.Add(new ReportLine(header.Line));
    }

    public HeaderMatch Header { get; }

    /// <summary>Caller id of the header line; lines of other callers belong to other reports.</summary>
    public string? Context { get; }

    public long StartLine { get; }

    public long EndLine { get; set; }

    public List<ReportLine> Lines { get; }

    public List<ReportLine> Pending { get; }

    /// <summary>The report printed its end marker, or went on with ordinary-looking lines: only a panic extends it now.</summary>
    public bool Ended { get; set; }

    /// <summary>The latest printk time (whole seconds) among the lines taken so far, -1 before any.</summary>
    public long LatestSeconds { get; set; } = -1;

    /// <summary>A frame line has been seen: the report has its stack.</summary>
    public bool SawFrames { get; set; }

    /// <summary>Consecutive lines since the last one that looked like part of a report.</summary>
    public int QuietRun { get; set; }

    /// <summary>"Sending NMI from CPU": the CPUs' backtraces that follow come from their own [Cn] contexts.</summary>
    public bool AcceptsAllCpus { get; set; }

    public bool Panicked { get; set; }

    public string? PanicReason { get; set; }

    public DateTimeOffset LastLineAt { get; set; }

    /// <summary>Console line number of the last line that belonged to this report.</summary>
    public long LastAcceptedLine { get; set; }

    /// <summary>Whether a line belongs here: same caller id, and from the kernel when the header was.</summary>
    public bool Accepts(in KernelLine line) =>
        (!_kernelOnly || line.HasKernelPrefix)
        && (Context is null || line.Caller == Context || (AcceptsAllCpus && line.CallerIsCpu));

    public void Commit(in ReportLine line, long number)
    {
        if (Pending.Count > 0)
        {
            Lines.AddRange(Pending);
            Pending.Clear();
        }
        Lines.Add(line);
        EndLine = number;
    }
}
