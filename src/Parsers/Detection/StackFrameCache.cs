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
/// object per frame was about a quarter of what finishing a report allocated besides its text. A
/// <see cref="SlotTable"/> with four slots per hash; a hit is checked field by field.
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
        int hash = NameCache.Hash(s.Function) ^ ((int)(s.Offset ?? -1) * 31) ^ ((int)(s.Size ?? -1) * 17) ^ (frame.Reliable ? 1 : 0);
        return SlotTable.GetOrAdd(Frames, Ways, hash, frame, static (known, f) => known.Offset == f.Symbol.Offset
                && known.Size == f.Symbol.Size && known.Reliable == f.Reliable && known.Function == f.Symbol.Function
                && known.Module == f.Symbol.Module,
            static f => new StackFrame(f.Symbol.Function, f.Symbol.Offset, f.Symbol.Size, f.Symbol.Module, f.Reliable));
    }
}
