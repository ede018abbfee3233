namespace SolWatch.Parsers.Framing;

/// <summary>
/// Where each framed line is in the input as a file counts lines (<c>grep -n</c>, an editor): line N begins after the
/// (N-1)th <c>'\n'</c>. The framer's lines are not the file's: a lone CR ends a line (a serial console's progress output,
/// a CR-only capture), a line longer than the maximum is cut into pieces, a printk level header inside a line begins a
/// new one, and a z/VM console's wrapped pieces are joined into one. A framed line's number is the file line it begins
/// on; <see cref="FramedBatch.FileLineOf"/> gives it, and offline readers (<c>solwatch scan</c>, <c>solwatch kdump</c>)
/// report the file's numbers, not the framer's.
/// </summary>
public sealed partial class LineFramer
{
    // '\n' bytes consumed so far.
    private long _newlines;
    // The file line the line being read begins on.
    private long _lineFile = 1;
}
