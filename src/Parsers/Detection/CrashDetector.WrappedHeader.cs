using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// A header broken in two by a terminal's width: a line copied from an 80-column terminal (or a mailer's wrap) ends in the
/// middle of the kernel's message ("INFO: task mysqld:1938 b") and the rest follows on a line with no printk time or syslog
/// tag of its own ("locked for more than 120 seconds."). The kernel printed one record; its header is read whole again.
/// </summary>
public sealed partial class CrashDetector
{
    // The last line that carried a kernel prefix and a marker word but was no header, and its number (-1: none): the
    // head of a header the wrap may have cut. Only the very next line can be its tail.
    private string? _wrapHead;
    private long _wrapHeadLine = -1;

    // The line pushed last is a possible head: the next line must be read even when the pre-scan found no marker in it.
    private bool WrapHeadIsLast => _wrapHeadLine == _lineNumber;

    private void NoteWrapHead(in KernelLine line, long number)
    {
        if (line.HasKernelPrefix)
        {
            _wrapHead = line.Raw;
            _wrapHeadLine = number;
        }
    }

    // The head and this line as one header line, when this line is the head's tail: it comes right after it, starts with
    // no blank (a kernel continuation line, such as a stack dump's, is indented) and no prefix (a record of its own has
    // one), and the two together make a header the rules know. Null otherwise; the head is forgotten either way.
    private string? RejoinWrappedHeader(string line, long number)
    {
        if (_wrapHeadLine != number - 1 || _wrapHead is not { } head)
        {
            return null;
        }
        _wrapHead = null;
        _wrapHeadLine = -1;
        if (line.Length == 0 || char.IsWhiteSpace(line[0]) || LinePrefix.Parse(line).HasKernelPrefix)
        {
            return null;
        }
        string whole = head + line;
        return HeaderRecognizer.MayBeHeader(whole) && HeaderRecognizer.Recognize(LinePrefix.Parse(whole)) is not null ? whole : null;
    }
}
