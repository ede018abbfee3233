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
    /// <para>The same console kept without CP's addresses (a 3215 spool or a line-mode capture that writes each record as
    /// it is, 80 columns padded with blanks) wraps the same way, the next piece starting at column 1:</para>
    /// <code>
    /// [    2.384518] VFS: Cannot open root device "dasda1" or unknown-block(0,0): error -6 (padded to 80)
    /// [    2.384521] Kernel panic - not syncing: VFS: Unable to mount root fs on unkno
    /// wn-block(94,1)                                                                  (padded to 80)
    /// </code>
    /// Without the address nothing but the width tells a piece, so that form is joined only on a console that has shown
    /// it pads its records: <see cref="PaddedRecordsToTrust"/> records of exactly 80 columns ending in blanks, with no
    /// line of another width between them. A console of any other kind never prints that; a record cut at 80 columns
    /// ends in a character, not a blank, which tells it from a padded one.
    /// </summary>
    private static class ZvmWrap
    {
        /// <summary>The console's width: CP cuts longer lines here.</summary>
        public const int Width = 80;

        /// <summary>"NN: ".</summary>
        public const int PrefixLength = 4;

        /// <summary>How much of the next line tells whether it is a piece: its prefix and two characters.</summary>
        public const int DecisionLength = PrefixLength + 2;

        /// <summary>Padded records seen one after another before the form without addresses is trusted.</summary>
        public const int PaddedRecordsToTrust = 3;

        /// <summary>Whether <paramref name="line"/> (the unfinished line, whose last piece starts at
        /// <paramref name="segment"/>, or 0 for a line not joined) was cut at the console's width.</summary>
        public static bool IsCut(ReadOnlySpan<byte> line, int segment)
        {
            int pieceLength = segment == 0 ? line.Length : line.Length - segment + PrefixLength;
            return pieceLength == Width && StartsTimed(line);
        }

        /// <summary>The same for a console without CP's addresses (see the remarks): a timed line whose last piece fills
        /// the 80 columns and ends in a character, not in the blanks that pad a record.</summary>
        public static bool IsCutWithoutAddress(ReadOnlySpan<byte> line, int segment) =>
            line.Length - segment == Width && line[^1] != (byte)' ' && StartsWithTime(line);

        /// <summary>Whether the line's last piece (from <paramref name="segment"/>) is a record padded to the width.</summary>
        public static bool IsPaddedRecord(ReadOnlySpan<byte> line, int segment) =>
            line.Length - segment == Width && line[^1] == (byte)' ';

        /// <summary>Whether the complete line <paramref name="next"/> goes on the cut line of a console without
        /// addresses: it is not blank (an empty record after a line that filled the 80 columns) and starts with no
        /// printk time.</summary>
        public static bool ContinuesWithoutAddress(ReadOnlySpan<byte> next) =>
            next.ContainsAnyExcept((byte)' ') && !StartsWithTime(next);

        // "[" then a printk time's padding or digit.
        private static bool StartsWithTime(ReadOnlySpan<byte> line) =>
            line.Length > 1 && line[0] == '[' && line[1] is (byte)' ' or (>= (byte)'0' and <= (byte)'9');

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
