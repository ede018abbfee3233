using System.Buffers;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Kdump;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// Runs the detector's two per-line pre-filters (header markers, report-line fact words) over a batch of lines at once:
/// the lines are laid end to end in one buffer and each multi-string search runs over the whole of it.
/// </summary>
/// <remarks>
/// Why: a vectorized multi-string search has a fixed cost per call that short console lines (60 characters on average)
/// cannot amortize; on a crash-dense console every report line was searched twice, a fifth of the detector's time.
/// Over a read's worth of lines laid end to end the same searches cost a quarter (measured: header anchors over the
/// benchmark's 15 MB, line by line 21 ms, over joined lines 5 ms). The answers only say where a search must still run:
/// a line is flagged when its whole raw text holds an anchor, which its message (a part of it) needs to hold one, so a
/// line not flagged holds none and skipping its searches changes nothing. No anchor holds a line break, so no match
/// spans two lines.
/// </remarks>
internal sealed class BatchPreScan
{
    // Bounds the buffer: longer batches are scanned in parts of about this many characters.
    private const int PartLength = 1 << 16;

    private char[] _text = new char[1024];
    private int[] _starts = new int[64];
    private LineHints[] _hints = new LineHints[64];
    // The lines of the last scan, so a hint is only ever given for the very string it was found in.
    private string[] _scanned = new string[64];
    private int _count;

    /// <summary>Lines in the last scan.</summary>
    public int Count => _count;

    /// <summary>Line <paramref name="index"/> of the last scan.</summary>
    public string LineOf(int index) => _scanned[index];

    /// <summary>What the last <see cref="Scan(IReadOnlyList{string})"/> found line <paramref name="index"/> of its batch may hold.</summary>
    public LineHints HintOf(int index) => _hints[index];

    /// <summary>Scans <paramref name="lines"/>; <see cref="HintOf"/> then answers for each.</summary>
    public void Scan(IReadOnlyList<string> lines)
    {
        Prepare(lines.Count);
        int from = 0;
        while (from < lines.Count)
        {
            from = ScanPart(lines, from);
        }
    }

    /// <summary>Scans the lines of <paramref name="batch"/> where the framer laid them out: nothing is copied.</summary>
    public void Scan(FramedBatch batch)
    {
        Prepare(batch.Count);
        for (int i = 0; i < batch.Count; i++)
        {
            _scanned[i] = batch[i];
        }
        Flag(batch.JoinedText, batch.Starts, _hints.AsSpan(0, batch.Count));
    }

    /// <summary>
    /// <see cref="Scan(FramedBatch)"/>, and flags the lines that may matter to <paramref name="kdump"/> (announced to it,
    /// KdumpTracker.Announce): its words that are also the detector's ("Kernel panic", "Oops", "BUG: unable to handle",
    /// "reboot: "…) are looked for only on the lines this scan found a header marker on; only its own words cost a search
    /// of the batch (<see cref="KdumpAnchors.FlagOwnWords"/>).
    /// </summary>
    public void Scan(FramedBatch batch, KdumpTracker kdump)
    {
        bool capture = kdump.WantsCaptureWords;
        Span<bool> kdumpFlags = kdump.Announce(batch, capture);
        Scan(batch);
        KdumpAnchors.FlagOwnWords(batch.JoinedText, batch.Starts, kdumpFlags, capture);
        for (int i = 0; i < batch.Count; i++)
        {
            if ((_hints[i] & LineHints.MayHoldMarker) != 0 && !kdumpFlags[i])
            {
                kdumpFlags[i] = KdumpAnchors.HoldsDetectorWord(_scanned[i]);
            }
        }
    }

    private void Prepare(int count)
    {
        if (_hints.Length < count)
        {
            _hints = new LineHints[Math.Max(count, _hints.Length * 2)];
            _scanned = new string[_hints.Length];
        }
        _count = count;
        _hints.AsSpan(0, count).Clear();
    }

    // Lays lines from `from` on end to end (at least one, up to about PartLength characters), flags them, and returns
    // the index of the first line not scanned.
    private int ScanPart(IReadOnlyList<string> lines, int from)
    {
        int length = 0;
        int end = from;
        while (end < lines.Count && (end == from || length + lines[end].Length < PartLength))
        {
            length += lines[end].Length + 1;
            end++;
        }
        if (_text.Length < length)
        {
            _text = new char[Math.Max(length, _text.Length * 2)];
        }
        int count = end - from;
        if (_starts.Length < count + 1)
        {
            _starts = new int[Math.Max(count + 1, _starts.Length * 2)];
        }
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            string line = lines[from + i];
            _scanned[from + i] = line;
            _starts[i] = at;
            line.CopyTo(_text.AsSpan(at));
            at += line.Length;
            _text[at++] = '\n';
        }
        _starts[count] = at;
        Flag(_text.AsSpan(0, at), _starts.AsSpan(0, count + 1), _hints.AsSpan(from, count));
        return end;
    }

    // Flags the lines of `text` (line i from starts[i] to the '\n' before starts[i + 1]) that hold a header marker's
    // anchor or a fact word.
    private static void Flag(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, Span<LineHints> hints)
    {
        foreach (SearchValues<string> markers in HeaderRecognizer.MarkerSets)
        {
            Flag(text, starts, markers, hints, LineHints.MayHoldMarker);
        }
        Flag(text, starts, LineFactsReader.AnyWord, hints, LineHints.MayHoldFact);
    }

    // Flags every line holding one of `words`, searching on from the next line after each find. Finds come in text
    // order, so the line holding one is found by walking on from the last (no anchor holds a '\n', so none starts there).
    private static void Flag(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, SearchValues<string> words, Span<LineHints> hints, LineHints hint)
    {
        int position = 0;
        int line = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOfAny(words);
            if (found < 0)
            {
                return;
            }
            int at = position + found;
            while (starts[line + 1] <= at)
            {
                line++;
            }
            hints[line] |= hint;
            position = starts[line + 1];
        }
    }
}
