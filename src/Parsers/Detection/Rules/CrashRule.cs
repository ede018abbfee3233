using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// One way a crash report can look and how to name it. <see cref="Title"/> is a template: <c>{0}</c>, <c>{1}</c>… are
/// the header's captures, <c>{frame}</c> the guilty frame, <c>{access}</c> the access (Read/Write) of a sanitizer report.
/// </summary>
internal sealed record CrashRule(string Name, CrashKind Kind, HeaderPattern Header, string Title)
{
    /// <summary>How to find <c>{frame}</c>; null when the title has none.</summary>
    public StackSpec? Stack { get; init; }

    /// <summary>The report has no call trace by nature (so a missing one does not make it corrupted).</summary>
    public bool NoStackTrace { get; init; }

    /// <summary>This shape only appears when the report is damaged (cut header, missing first part).</summary>
    public bool Corrupted { get; init; }

    /// <summary>The header is the start of a longer message the kernel always prints whole ("BUG: unable to handle kernel"
    /// is followed by "paging request"/"NULL pointer dereference" and the address): where the line ends there, a terminal
    /// or a mailer wrapped it, and the next line may hold the rest (<see cref="CrashDetector"/>'s wrapped-header rejoin).</summary>
    public bool CutShort { get; init; }

    /// <summary>A later line the rule needs, e.g. KASAN's "Read of size": the text of the match becomes <c>{access}</c>.</summary>
    public LineCapture? Requires { get; init; }

    /// <summary>The rule only applies to a line that came from the kernel (printk timestamp or syslog kernel tag) or
    /// starts with the header: generic shapes that user-space output could imitate.</summary>
    public bool KernelLineOnly { get; init; }

    /// <summary>The report only counts when one of its lines passes this test; without it the header was the notice of a
    /// fault the kernel survived (arm's do_DataAbort() and do_alignment() log a user-space fault in the same words, then
    /// send the process a signal: only die()'s "Internal error:" makes it the kernel's own).</summary>
    public LineCapture? Confirmation { get; init; }
}
