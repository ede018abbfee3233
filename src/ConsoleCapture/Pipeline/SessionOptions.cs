using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>Tuning of every <see cref="ConsoleSession"/>.</summary>
public sealed record SessionOptions
{
    /// <summary>Lines kept before a report's first line and stored with its incident.</summary>
    public int ContextLines { get; init; } = 200;

    /// <summary>Also write every line to the daemon's log (the demo console does, so a new user sees it stream in).</summary>
    public bool LogLines { get; init; }

    /// <summary>Also keep the exact bytes of the console in its raw transcript (before framing).</summary>
    public bool RawTranscript { get; init; }

    /// <summary>How many incidents the console may store before further ones are counted in a summary instead.</summary>
    public IncidentRateLimit RateLimit { get; init; } = IncidentRateLimit.Default;

    /// <summary>
    /// A crash's capture kernel (or the jump to it) that prints nothing for this long is taken as hung: its incident
    /// says so (capture-kernel-failed) until a line shows otherwise. A capture kernel prints while it boots and while
    /// makedumpfile saves (its progress), so minutes of silence mean it stopped.
    /// </summary>
    public TimeSpan KdumpHangAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The detector's options (quiet period, report size bound).</summary>
    public DetectorOptions Detector { get; init; } = DetectorOptions.Default;

    /// <summary>Tests only: called with each line just before the detector reads it; a test makes it throw, as a bug of the
    /// detector would, to see the console carry on (ConsoleSession.DetectorFailed).</summary>
    internal Action<string>? BeforeDetecting { get; init; }

    /// <summary>The framer's options (line length bound).</summary>
    public LineFramerOptions Framer { get; init; } = LineFramerOptions.Default;
}
