namespace SolWatch.Parsers.Framing;

public sealed partial class LineFramer
{
    /// <summary>
    /// A Linux guest's console under z/VM as CP writes it (the 3215 line-mode console a spool, a 3270 session or a
    /// CONMODE capture keeps): every line starts with the address of the virtual CPU that wrote it, two hex digits and
    /// <c>": "</c>, and a line longer than the console's 80 columns goes on in the next line, which starts with the same
    /// address:
    /// <code>
    /// 00: [   98.203808] Krnl PSW : 0704c00180000000 00000000309cccc4 (qeth_open+0x2f4
    /// 00: /0x320)
    /// </code>
    /// Such a piece is joined to its line again. Only lines that start with a printk time are taken as wrapped (a
    /// console without times cannot tell a piece from a new line of the same CPU), and only a piece that does not start
    /// with one of its own.
    /// </summary>
    private static class ZvmWrap
    {
        /// <summary>The console's width: CP cuts longer lines here.</summary>
        public const int Width = 80;

        /// <summary>"NN: ".</summary>
        public const int PrefixLength = 4;

        /// <summary>How much of the next line tells whether it is a piece: its prefix and two characters.</summary>
        public const int DecisionLength = PrefixLength + 2;

        /// <summary>Whether <paramref name="line"/> (the unfinished line, whose last piece starts at
        /// <paramref name="segment"/>, or 0 for a line not joined) was cut at the console's width.</summary>
        public static bool IsCut(ReadOnlySpan<byte> line, int segment)
        {
            int pieceLength = segment == 0 ? line.Length : line.Length - segment + PrefixLength;
            return pieceLength == Width && StartsTimed(line);
        }

        /// <summary>Whether <paramref name="next"/> (complete or at least <see cref="DecisionLength"/> long) is the next piece
        /// of the cut line <paramref name="held"/>: the same CPU address, then no printk time.</summary>
        public static bool Continues(ReadOnlySpan<byte> held, ReadOnlySpan<byte> next) =>
            next.Length > PrefixLength
            && next[0] == held[0] && next[1] == held[1] && next[2] == ':' && next[3] == ' '
            && !(next[4] == '[' && (next.Length == 5 || next[5] is (byte)' ' or (>= (byte)'0' and <= (byte)'9')));

        // "NN: [" then a printk time's padding or digit.
        private static bool StartsTimed(ReadOnlySpan<byte> line) =>
            line.Length > PrefixLength + 1
            && IsHexDigit(line[0]) && IsHexDigit(line[1]) && line[2] == ':' && line[3] == ' '
            && line[4] == '[' && line[5] is (byte)' ' or (>= (byte)'0' and <= (byte)'9');

        private static bool IsHexDigit(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'A' and <= (byte)'F');
    }
}
