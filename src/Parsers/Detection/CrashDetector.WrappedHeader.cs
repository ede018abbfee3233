using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// A header broken in two by a terminal's width: a line copied from an 80-column terminal (or a mailer's wrap) ends in the
/// middle of the kernel's message ("INFO: task mysqld:1938 b") and the rest follows on a line with no printk time or syslog
/// tag of its own ("locked for more than 120 seconds."). The kernel printed one record; its header is read whole again.
/// </summary>
public sealed partial class CrashDetector
{
    // The last line that carried a marker word but was no header, and its number (-1: none): the head of a header the
    // wrap may have cut. Only the very next line can be its tail.
    private string? _wrapHead;
    private long _wrapHeadLine = -1;

    // The line pushed last is a possible head: the next line must be read even when the pre-scan found no marker in it.
    private bool WrapHeadIsLast => _wrapHeadLine == _lineNumber;

    // Whether the head carried a kernel prefix. A console without printk times has none on any line, so a tail's lack of
    // one tells nothing there: an unprefixed head is joined only to a tail that starts with the "%pS" symbol a header
    // ends in.
    private bool _wrapHeadPrefixed;

    // The report the head opened when it was a header cut short ("BUG: unable to handle kernel" and nothing after it):
    // null when the head opened none.
    private OpenReport? _wrapHeadReport;

    private void NoteWrapHead(in KernelLine line, long number)
    {
        _wrapHead = line.Raw;
        _wrapHeadLine = number;
        _wrapHeadPrefixed = line.HasKernelPrefix;
        _wrapHeadReport = null;
    }

    // After a header opened a report: a header the kernel never ends where this line ends (CrashRule.CutShort) was cut by
    // a wrap, and the next line may hold the rest of the kernel's message. The report stays open as it is unless it does.
    private void NoteCutHeader(HeaderMatch header, long number)
    {
        if (header.Group.Rules[header.FirstRule].CutShort && _open.Count > 0 && ReferenceEquals(_open[^1].Header, header))
        {
            NoteWrapHead(header.Line, number);
            _wrapHeadReport = _open[^1];
        }
    }

    // The head and this line as one header line, when this line is the head's tail: it comes right after it, starts with
    // no blank (a kernel continuation line, such as a stack dump's, is indented) and no prefix (a record of its own has
    // one), and the two together make a header the rules know. Null otherwise; the head is forgotten either way.
    // A terminal cuts at a column, so the pieces join as they are ("…mysqld:1938 b" + "locked for …"); a mailer wraps at a
    // blank and drops it ("…at block/blk-mq-sched.c:432" + "blk_mq_sched_insert_request+0x54/0x178"), so the pieces also
    // join across one blank when the tail starts with the symbol the header ends in. A quoted head's tail carries the
    // same quote marks ("> "), which the header does not repeat.
    private string? RejoinWrappedHeader(string line, long number)
    {
        if (_wrapHeadLine != number - 1 || _wrapHead is not { } head)
        {
            return null;
        }
        _wrapHead = null;
        _wrapHeadLine = -1;
        OpenReport? cut = _wrapHeadReport;
        _wrapHeadReport = null;
        if (head.Length == 0)
        {
            // A collector's record whose message is empty (a journal's "MESSAGE":"" with a marker word in another field)
            // leaves no text for a wrap to have cut.
            return null;
        }
        int quote = line.Length > 0 && line[0] == '>' ? MailQuote.End(line) : 0;
        string tail = quote > 0 && head.StartsWith(line[..quote], StringComparison.Ordinal) ? line[quote..] : line;
        if (tail.Length == 0 || char.IsWhiteSpace(tail[0]) || LinePrefix.Parse(tail).HasKernelPrefix)
        {
            return null;
        }
        if (cut is not null)
        {
            // The head is a header cut short, so the tail is the rest of its message whatever word it starts with (a
            // terminal cut it mid-word, a mailer at the blank it dropped), but only if the two make a whole header
            // (x86's "BUG: unable to handle kernel" / "paging request at 0000000715a42801"). The report the head opened
            // holds nothing but it: the whole header opens the report in its place.
            string? whole = Completed(head + tail) ?? (char.IsWhiteSpace(head[^1]) ? null : Completed(head + " " + tail));
            if (whole is not null && cut.Lines.Count == 1 && cut.Pending.Count == 0 && _open.Contains(cut))
            {
                Discard(cut);
                return whole;
            }
            return null;
        }
        bool symbol = StartsWithSymbol(tail);
        if (!_wrapHeadPrefixed && !symbol)
        {
            return null;
        }
        return Joined(head + tail) ?? (char.IsWhiteSpace(head[^1]) || !symbol ? null : Joined(head + " " + tail));

        // What a mailer moves whole onto the next line is a word: for a header, the "%pS" symbol that ends it
        // ("func+0x54/0x178"), never prose ("see the attached log").
        static bool StartsWithSymbol(string text)
        {
            int end = text.IndexOf(' ');
            ReadOnlySpan<char> word = end < 0 ? text : text.AsSpan(0, end);
            int plus = word.IndexOf("+0x", StringComparison.Ordinal);
            return plus > 0 && word[plus..].Contains('/');
        }

        static string? Joined(string whole) =>
            HeaderRecognizer.MayBeHeader(whole) && HeaderRecognizer.Recognize(LinePrefix.Parse(whole)) is not null ? whole : null;

        static string? Completed(string whole) =>
            HeaderRecognizer.MayBeHeader(whole) && HeaderRecognizer.Recognize(LinePrefix.Parse(whole)) is { } m
            && !m.Group.Rules[m.FirstRule].CutShort ? whole : null;
    }
}
