namespace SolWatch.Parsers.Detection;

/// <summary>
/// Which characters a text holds, folded into 64 bits (character code modulo 64): a text can hold a phrase only if its
/// mask covers the phrase's. One pass over a line rules out most of the phrases it could be compared with.
/// </summary>
internal static class CharMask
{
    /// <summary>The mask of <paramref name="text"/>.</summary>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        ulong mask = 0;
        foreach (char c in text)
        {
            mask |= 1UL << (c & 63);
        }
        return mask;
    }

    /// <summary>Whether a text of mask <paramref name="text"/> may hold a phrase of mask <paramref name="phrase"/>.</summary>
    public static bool MayHold(ulong text, ulong phrase) => (phrase & ~text) == 0;
}
