using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// The lines a title is read from (a selection of the report's lines), with each report line's frame parsed at
/// most once: the frame extractor, the corruption check and the field reader all walk the same lines.
/// </summary>
internal sealed class ReportView
{
    private readonly List<KernelLine> _lines;
    private readonly List<int> _selected;
    private readonly ParsedFrame?[] _frames;
    private readonly bool[] _parsed;

    public ReportView(List<KernelLine> lines, List<int> selected)
    {
        _lines = lines;
        _selected = selected;
        _frames = new ParsedFrame?[lines.Count];
        _parsed = new bool[lines.Count];
    }

    /// <summary>Lines in the view.</summary>
    public int Count => _selected.Count;

    /// <summary>Message text of the view's line <paramref name="index"/>.</summary>
    public string this[int index] => _lines[_selected[index]].Text;

    /// <summary>The frame on the view's line <paramref name="index"/>.</summary>
    public bool TryFrame(int index, out ParsedFrame frame) => TryFrameOfReportLine(_selected[index], out frame);

    /// <summary>The frame on the report's line <paramref name="reportIndex"/>, parsed once.</summary>
    public bool TryFrameOfReportLine(int reportIndex, out ParsedFrame frame)
    {
        if (!_parsed[reportIndex])
        {
            _parsed[reportIndex] = true;
            _frames[reportIndex] = ReportLineKinds.TryFrame(_lines[reportIndex].Text, out ParsedFrame f) ? f : null;
        }
        frame = _frames[reportIndex].GetValueOrDefault();
        return _frames[reportIndex] is not null;
    }

    /// <summary>Index of the first view line matching, or -1.</summary>
    public int FindIndex(Func<string, bool> predicate)
    {
        for (int i = 0; i < _selected.Count; i++)
        {
            if (predicate(this[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Whether any view line matches.</summary>
    public bool Any(Func<string, bool> predicate) => FindIndex(predicate) >= 0;
}
