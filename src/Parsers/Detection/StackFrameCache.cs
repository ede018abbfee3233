using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// Hands out one <see cref="StackFrame"/> per distinct frame: a fleet's reports print the same frames (function,
/// offset, size, module) over and over, and the frames are immutable, so reports can share them. Safe to share between
/// the detectors of many consoles; fixed memory.
/// </summary>
/// <remarks>
/// Why: a crash-dense console finishes a report every few dozen lines, each with a few dozen frames, and a fresh
/// object per frame was about a quarter of what finishing a report allocated besides its text. A table with four
/// slots per hash, like <see cref="Rules.FunctionSet"/>: a slot holds a whole reference or none, a hit is checked
/// field by field, and a collision only costs a fresh frame.
/// </remarks>
internal static class StackFrameCache
{
    private const int Ways = 4;
    private const int Slots = 16_384;
    private static readonly StackFrame?[] Frames = new StackFrame?[Slots];

    /// <summary>The frame read as <paramref name="frame"/>.</summary>
    public static StackFrame Get(in ParsedFrame frame)
    {
        SymbolReference s = frame.Symbol;
        int hash = NameCache.Hash(s.Function) ^ (int)(s.Offset ?? -1) * 31 ^ (int)(s.Size ?? -1) * 17 ^ (frame.Reliable ? 1 : 0);
        int first = hash & (Slots - 1) & ~(Ways - 1);
        int free = -1;
        for (int slot = first; slot < first + Ways; slot++)
        {
            StackFrame? known = Frames[slot];
            if (known is null)
            {
                free = free < 0 ? slot : free;
            }
            else if (known.Offset == s.Offset && known.Size == s.Size && known.Reliable == frame.Reliable
                     && known.Function == s.Function && known.Module == s.Module)
            {
                return known;
            }
        }
        var made = new StackFrame(s.Function, s.Offset, s.Size, s.Module, frame.Reliable);
        Frames[free >= 0 ? free : first + ((hash >> 24) & (Ways - 1))] = made;
        return made;
    }
}
