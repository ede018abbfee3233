using System.Buffers;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Detection;

/// <summary>What a report line says that the detector and the report finisher ask about, found with one search.</summary>
/// <remarks>
/// Why: finishing a report asked each line the same questions again and again (a panic? a trace keyword? an end
/// marker?), each a substring search; on a crash-dense console that was a good part of the time. Now one vectorized
/// search over the line finds whether any of the words occurs, and only the few lines that hold one are looked at
/// closer. (The words have a search of their own, not one shared with the header markers: one search for both sets
/// was slower than the two, because the multi-string search slows down sharply past a few dozen patterns.)
/// </remarks>
[Flags]
internal enum LineFacts : ushort
{
    None = 0,

    /// <summary>"Kernel panic - not syncing".</summary>
    Panic = 1 << 0,

    /// <summary>"Disabling lock debugging due to kernel taint": noise inside reports.</summary>
    LockDebuggingOff = 1 << 1,

    /// <summary>"---[ end Kernel panic": the report is over.</summary>
    EndOfPanic = 1 << 2,

    /// <summary>"---[ end trace": the report is over unless a panic follows.</summary>
    EndOfTrace = 1 << 3,

    /// <summary>"Sending NMI from CPU": other CPUs' backtraces follow in their own contexts.</summary>
    NmiBacktraces = 1 << 4,

    /// <summary>Holds a word of a trace keyword ("Call Trace", "Allocated", "backtrace", …).</summary>
    MentionsTrace = 1 << 5,

    /// <summary>A stack keyword line (<see cref="ReportLineKinds.IsStackKeyword"/>).</summary>
    StackKeyword = 1 << 6,
}

/// <summary>Reads <see cref="LineFacts"/> off a message text.</summary>
internal static class LineFactsReader
{
    private const string PanicWords = "Kernel panic - not syncing";
    private const string LockDebuggingWords = "Disabling lock debugging due to kernel taint";
    private const string EndOfPanicWords = "---[ end Kernel panic";
    private const string EndOfTraceWords = "---[ end trace";
    private const string NmiWords = "Sending NMI from CPU";

    // Anchors standing for the words above (see SearchAnchors): "llocated" for "Allocated" and "allocated by task ", …
    private static readonly string[] PreferredAnchors = ["Kernel panic", "---[ end ", "llocated", "reed", "acktrace", "GP kthread"];

    /// <summary>The anchors of the pre-filter (<see cref="AnyWord"/>), for a caller that folds them into a search of its
    /// own (BatchPreScan, with the kdump tracker's capture words).</summary>
    internal static readonly string[] Anchors =
        SearchAnchors.Cover([PanicWords, LockDebuggingWords, EndOfPanicWords, EndOfTraceWords, NmiWords, .. ReportLineKinds.TraceWordList], PreferredAnchors);

    /// <summary>The pre-filter: a text holding none of these has no fact.</summary>
    internal static readonly SearchValues<string> AnyWord = SearchValues.Create(Anchors, StringComparison.Ordinal);

    public static LineFacts Of(ReadOnlySpan<char> text) => text.ContainsAny(AnyWord) ? Read(text) : LineFacts.None;

    private static LineFacts Read(ReadOnlySpan<char> text)
    {
        LineFacts facts = LineFacts.None;
        if (text.Contains(PanicWords, StringComparison.Ordinal))
        {
            facts |= LineFacts.Panic;
        }
        if (text.Contains(LockDebuggingWords, StringComparison.Ordinal))
        {
            facts |= LineFacts.LockDebuggingOff;
        }
        if (text.Contains(EndOfPanicWords, StringComparison.Ordinal))
        {
            facts |= LineFacts.EndOfPanic;
        }
        if (text.Contains(EndOfTraceWords, StringComparison.Ordinal))
        {
            facts |= LineFacts.EndOfTrace;
        }
        if (text.Contains(NmiWords, StringComparison.Ordinal))
        {
            facts |= LineFacts.NmiBacktraces;
        }
        if (ReportLineKinds.MentionsTrace(text))
        {
            facts |= LineFacts.MentionsTrace;
            if (ReportLineKinds.IsStackKeywordExactly(text))
            {
                facts |= LineFacts.StackKeyword;
            }
        }
        return facts;
    }
}

/// <summary>A line of a report with its <see cref="LineFacts"/>, read once when the line joined the report.</summary>
internal readonly record struct ReportLine(KernelLine Line, LineFacts Facts)
{
    /// <summary>A report line, its facts read unless a batch pre-scan (<paramref name="hints"/>) searched it and found no fact word.</summary>
    public ReportLine(in KernelLine line, LineHints hints = LineHints.Unknown)
        : this(line, (hints & (LineHints.MayHoldFact | LineHints.FactsNotSearched)) != 0 ? LineFactsReader.Of(line.TextSpan) : LineFacts.None)
    {
    }

    /// <summary>The message, a span of <see cref="Raw"/>.</summary>
    public ReadOnlySpan<char> Text => Line.TextSpan;

    public string Raw => Line.Raw;

    public bool Has(LineFacts fact) => (Facts & fact) != 0;
}
