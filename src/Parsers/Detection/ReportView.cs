using System.Runtime.InteropServices;
using SolWatch.Parsers.Detection.Rules;
using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// The lines a title is read from (a selection of the report's lines), with each report line's frame parsed at
/// most once: the frame extractor, the corruption check and the field reader all walk the same lines.
/// </summary>
internal sealed class ReportView
{
    private const int LinesBeforePanicToIgnoreIt = 22;

    // Reused from report to report (a detector finishes one every few dozen lines on a crash-dense console).
    private readonly List<int> _selected = new(64);
    // The frames parsed for this report, _frameCount of them. An array, not a list: the parser writes each frame straight
    // into its element (a frame is a struct of five fields, and the copies through a list's Add were a fortieth of a
    // cold crash-dense scan).
    private ParsedFrame[] _frames = new ParsedFrame[64];
    private int _frameCount;
    private List<ReportLine> _lines = [];
    // Per report line: 0 = not parsed yet, -1 = no frame, k > 0 = _frames[k - 1].
    private int[] _frameSlots = new int[64];

    /// <summary>Shows <paramref name="lines"/>, a report's lines, forgetting the previous report.</summary>
    /// <remarks>The lines the title is read from: a panic that follows a long report only repeats its stack
    /// (panic_on_warn, panic_on_oops), so from there on it is left out; "Disabling lock debugging" is noise inside
    /// reports.</remarks>
    public void Show(List<ReportLine> lines)
    {
        _lines = lines;
        _frameCount = 0;
        if (_frameSlots.Length < lines.Count)
        {
            _frameSlots = new int[Math.Max(lines.Count, _frameSlots.Length * 2)];
        }
        else
        {
            Array.Clear(_frameSlots, 0, lines.Count);
        }
        _selected.Clear();
        for (int i = 0; i < lines.Count; i++)
        {
            if (i > LinesBeforePanicToIgnoreIt && lines[i].Has(LineFacts.Panic))
            {
                break;
            }
            if (i > 0 && lines[i].Has(LineFacts.LockDebuggingOff))
            {
                continue;
            }
            _selected.Add(i);
        }
    }

    /// <summary>Room for the frames of the report being finished (copied out when done).</summary>
    public List<StackFrame> FrameScratch { get; } = new(64);

    /// <summary>Room for the register pairs of the report being finished.</summary>
    public List<KeyValuePair<string, string>> RegisterScratch { get; } = new(64);

    // The last register layout sorted: this console's next report most likely prints the same names in the same order.
    private RegisterLayout? _registerLayout;

    /// <summary>The registers of <paramref name="printed"/>, pairs in the order printed.</summary>
    public RegisterDictionary RegistersOf(List<KeyValuePair<string, string>> printed)
    {
        ReadOnlySpan<KeyValuePair<string, string>> pairs = CollectionsMarshal.AsSpan(printed);
        if (pairs.IsEmpty)
        {
            return RegisterDictionary.Empty;
        }
        if (_registerLayout is null || !_registerLayout.Matches(pairs))
        {
            _registerLayout = RegisterLayout.Of(pairs);
        }
        return _registerLayout.With(pairs);
    }

    /// <summary>Lines in the view.</summary>
    public int Count => _selected.Count;

    /// <summary>Message text of the view's line <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> this[int index] => Line(_selected[index]).Text;

    /// <summary>What the view's line <paramref name="index"/> says (<see cref="LineFacts"/>).</summary>
    public bool Has(int index, LineFacts fact) => Line(_selected[index]).Has(fact);

    // By reference: a report line is a struct, and the view's readers ask about each line many times.
    private ref readonly ReportLine Line(int reportIndex) => ref CollectionsMarshal.AsSpan(_lines)[reportIndex];

    /// <summary>The frame on the view's line <paramref name="index"/>.</summary>
    public bool TryFrame(int index, out ParsedFrame frame) => TryFrameOfReportLine(_selected[index], out frame);

    /// <summary>The frame on the report's line <paramref name="reportIndex"/>, parsed once.</summary>
    public bool TryFrameOfReportLine(int reportIndex, out ParsedFrame frame)
    {
        int slot = _frameSlots[reportIndex];
        if (slot == 0)
        {
            if (_frameCount == _frames.Length)
            {
                Array.Resize(ref _frames, _frames.Length * 2);
            }
            slot = ReportLineKinds.TryFrame(Line(reportIndex).Text, out _frames[_frameCount]) ? ++_frameCount : -1;
            _frameSlots[reportIndex] = slot;
        }
        frame = slot > 0 ? _frames[slot - 1] : default;
        return slot > 0;
    }

    /// <summary>Index of the first view line matching, or -1.</summary>
    public int FindIndex(LineTest predicate) => FindIndex(LineFacts.None, predicate);

    /// <summary>Index of the first view line that has <paramref name="required"/> (none: any line) and matches, or -1.</summary>
    public int FindIndex(LineFacts required, LineTest predicate)
    {
        for (int i = 0; i < _selected.Count; i++)
        {
            if ((required == LineFacts.None || Has(i, required)) && predicate(this[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Whether any view line matches.</summary>
    public bool Any(LineTest predicate) => FindIndex(predicate) >= 0;
}
