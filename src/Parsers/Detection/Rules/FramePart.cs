namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// One step of finding the guilty frame in a report: the steps of a rule run in order over the report's lines,
/// each from where the previous one stopped, and every frame they yield (unless skipped) is a candidate.
/// </summary>
internal abstract record FramePart
{
    /// <summary>The function captured by the header (index into the captures).</summary>
    public sealed record HeaderFunction(int Capture) : FramePart;

    /// <summary>The next instruction-pointer line (RIP:, pc :, NIP, epc :…).</summary>
    public sealed record InstructionPointer : FramePart;

    /// <summary>powerpc's "--- interrupt: 700 at f+0x…/0x…" in a call trace: the function the trap interrupted.</summary>
    public sealed record InterruptedAt : FramePart;

    /// <summary>Advance to the next line containing the text; yields nothing.</summary>
    public sealed record Marker(string Text) : FramePart;

    /// <summary>Reliable frames of the following lines, until the next stack keyword (Call Trace, Allocated by…).</summary>
    public sealed record Stack : FramePart;

    /// <summary>The next line containing <paramref name="Text"/>: the symbol right after it. <paramref name="Unfiltered"/>:
    /// taken even if it is a function that is otherwise never blamed (lockdep names the lock's user exactly).
    /// <paramref name="Bare"/>: the kernel printed the name alone (<c>%ps</c>), with no offset after it.</summary>
    public sealed record SymbolAfter(string Text, bool Unfiltered = false, bool Bare = false) : FramePart;

    /// <summary>Advance past the next "Call Trace:" / "Call trace:" / "Backtrace:" line.</summary>
    public sealed record TraceHeader : FramePart;

    /// <summary>Advance past the next line for which the predicate holds.</summary>
    public sealed record LineWhere(LineTest Predicate) : FramePart;

    /// <summary>Shared instances.</summary>
    public static readonly FramePart Ip = new InstructionPointer();

    /// <summary>Shared instance.</summary>
    public static readonly FramePart Trace = new Stack();

    /// <summary>Shared instance: "Call Trace:" (any case of trace) or arm's "Backtrace:".</summary>
    public static readonly FramePart CallTrace = new TraceHeader();
}
