using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// Recognizes the line half of a report's lines are: one call-trace frame (<c>[&lt;addr&gt;] ? name+0xoff/0xsize
/// [module]</c>) and nothing that could start a report or state a fact. Such a line is read once, on arrival, and
/// skips the header and fact searches.
/// </summary>
/// <remarks>
/// Why: inside a crash-dense log nearly every line belongs to a report and half of them are frames; the two
/// multi-string searches cost more than reading the frame, which finishing the report needs anyway. Skipping them
/// is exact: every header marker holds a blank, colon or bracket (no symbol name can), the address and "? " before
/// the name hold none, and what follows the size is searched as before.
/// </remarks>
internal static class PlainFrameLine
{
    /// <summary>The frame on <paramref name="text"/> and the line's <see cref="LineFacts"/>, when the line is a plain frame.</summary>
    public static bool TryRead(string text, out ParsedFrame frame, out LineFacts facts)
    {
        facts = LineFacts.None;
        if (FrameFastPath.TryRead(text, out frame, out int end) != FastPathOutcome.Read || end < 0)
        {
            return false;
        }
        ReadOnlySpan<char> rest = text.AsSpan(end);
        if (!rest.IsEmpty && (HeaderRecognizer.MayBeHeader(rest) || LineFactsReader.MayHold(rest)))
        {
            return false;
        }
        frame = FrameGrammar.WithUnreliableSuffix(text, frame);
        facts = LineFactsReader.OfSymbol(frame.Symbol.Name);
        return true;
    }
}
