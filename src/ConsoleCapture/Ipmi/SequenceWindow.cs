namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// Inbound session sequence check (after the AuthCode was verified): rejects 0, replays and packets too far
/// from the highest number seen. Like FreeIPMI: highest seen + a bitmap of the numbers just below it. The first
/// authenticated packet sets the start, because BMCs differ in where they start counting.
/// </summary>
internal sealed class SequenceWindow
{
    /// <summary>How far below the highest number a late packet is still accepted (once).</summary>
    public const int Behind = 16;

    /// <summary>How far above the highest number a packet is accepted (lost packets in between).</summary>
    public const int Ahead = 15;

    private bool started;
    private uint highest;
    private uint seenBelow; // bit i set = (highest - 1 - i) was accepted

    /// <summary>Accepts <paramref name="sequence"/> if it is new and inside the window, and records it.</summary>
    public bool Accept(uint sequence)
    {
        if (sequence == 0)
        {
            return false;
        }
        if (!started)
        {
            started = true;
            highest = sequence;
            seenBelow = 0;
            return true;
        }
        int delta = unchecked((int)(sequence - highest));
        if (delta > 0)
        {
            if (delta > Ahead)
            {
                return false;
            }
            // shift: the old highest becomes "delta - 1 below the new one"
            seenBelow = delta >= 32 ? 0 : (seenBelow << delta) | (1u << (delta - 1));
            highest = sequence;
            return true;
        }
        if (delta == 0 || -delta > Behind)
        {
            return false;
        }
        uint bit = 1u << (-delta - 1);
        if ((seenBelow & bit) != 0)
        {
            return false;
        }
        seenBelow |= bit;
        return true;
    }
}
