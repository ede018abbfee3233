using System.Buffers;
using SolWatch.Parsers.Framing;
using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Search;

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
    // The lines of the last scan, so a hint is only ever given for the very line it was found in: the strings of a list
    // scanned, or the batch scanned and its generation (FramedBatch.Generation) then.
    private string[] _scanned = new string[64];
    private FramedBatch? _batch;
    private long _generation;
    private int _count;
    // The lines from here on were searched for fact words; before it they were not yet (LineHints.FactsNotSearched).
    private int _factsFrom;
    // Whether the last scan was made for the kdump tracker too: its fact-word search then holds the capture words.
    private bool _forKdump;
    // The lines from here on were flagged for the capture words already (FlagCaptureWords): on a crash-dense console
    // dump attempts begin several times in one batch, and each asks for the rest of the batch.
    private int _captureWordsFrom;

    // The trackers' own words, each line found then checked by its tracker's own test: the kdump tracker's rare anchors
    // (KdumpAnchors.OwnAnchors) and the hardware events' words, "Machine " standing for both "Machine Check" and "Machine
    // check". In searches of at most sixteen (SearchAnchors.InSets), not one: when the hardware words grew to eleven, the
    // 29 in one search cost an ordinary console's scan a tenth of its time (measured over 14 MB of boot logs, AVX2: one
    // search 3.8-6.3 ms, two 2.3 ms; the native scanner's cold scan of a 100 MB boot log fell from 902 to 707-741 MB/s).
    // "MCE" stands for "MCE: CPU" and "HANDLING MCE", which keeps the words at 32, two sets: the kdump tracker's 21st
    // anchor ("l Offset: ") had made them 33, three sets, a third pass over every character, and the native AVX2
    // scanner's cold scan of the 100 MB boot log went from 901 to 786-796 MB/s (lower quartiles of 15 alternating runs).
    private static readonly string[] HardwareCover = SearchAnchors.Cover(HardwareAnchors.Words, ["Machine ", "MCE"]);

    private static readonly SearchValues<string>[] TrackerWords = SearchAnchors.InSets([.. KdumpAnchors.OwnAnchors, .. HardwareCover]);

    // The fact words and the kdump tracker's capture words (KdumpAnchors.CaptureWords) in one search, for a batch scanned
    // for the tracker. Why: the capture words matter while a crash's dump attempt is followed, which is when a crash
    // report is open and the fact words are searched anyway; a pass of their own cost a crash-dense console a fifth of
    // what kdump cost it (measured over the bench's crash-dense input, each pass over every batch: fact words 8.2 ms,
    // capture words 3.2 ms, both in one set 9.0 ms).
    private static readonly SearchValues<string> FactAndCaptureWords = SearchValues.Create(
        [.. LineFactsReader.Anchors, .. KdumpAnchors.CaptureWords], StringComparison.Ordinal);

    // The hardware events' words alone, for a reader that does not follow kdump (ConsoleReader's followKdump: false).
    private static readonly SearchValues<string>[] HardwareWords = SearchAnchors.InSets(HardwareCover);

    // Where the CPU can (FusedWordSearch.IsSupported), every word of a scan in one pass instead of the passes above: the
    // detector's marker anchors and fact words and the hardware events' words; with the kdump tracker's own anchors and
    // its capture words for a reader that follows kdump. Null elsewhere. Measured over the bench's inputs (33 MB each, the
    // words of a reader following kdump): the separate passes 15.0 ms (crash-dense) and 8.3 ms (boot logs) plus the fact
    // words' 6.8 ms on crash-dense, the fused pass 14.4 ms and 6.2 ms with them; the kdump words add 1.2 ms and none.
    // Built when first used (only where the CPU has VBMI, and each only by the readers that need it): building one
    // assigns its buckets against a sample of console text, a start-up cost a process reading no console need not pay.
    private static readonly Lazy<FusedWordSearch> DetectorWordsFused = new(() => new(DetectorAndHardwareWords()));
    // The kdump tracker's words that are a crash header's (KdumpAnchors.DetectorWords) flag a line straight for the
    // tracker: the search is exact, so a line holding one matters to it, and five of the eight are marker anchors already
    // (their hints are merged). Searched apart, each of the crash-dense input's 16,000 marker lines a batch was
    // searched again for them.
    private static readonly Lazy<FusedWordSearch> KdumpWordsFused = new(() => new([
        .. DetectorAndHardwareWords(),
        .. KdumpAnchors.OwnAnchors.Select(w => (w, LineHints.MayHoldKdumpWord)),
        .. KdumpAnchors.CaptureWords.Select(w => (w, LineHints.MayHoldCaptureWord)),
        .. KdumpAnchors.DetectorWords.Select(w => (w, LineHints.MayMatterToKdump)),
    ]));

    private static IEnumerable<(string Word, LineHints Hints)> DetectorAndHardwareWords() =>
    [
        .. HeaderRecognizer.MarkerAnchors.Select(w => (w, LineHints.MayHoldMarker)),
        .. LineFactsReader.Anchors.Select(w => (w, LineHints.MayHoldFact)),
        .. HardwareAnchors.Words.Select(w => (w, LineHints.MayBeginHardware)),
    ];

    // Whether this pre-scan searches a framed batch in one fused pass (DetectorOptions.FusedSearch, and the CPU can).
    private readonly bool _fused;

    /// <summary>A pre-scan; <paramref name="fusedSearch"/> false keeps the separate passes even where the CPU could fuse
    /// them (tests compare the two).</summary>
    public BatchPreScan(bool fusedSearch = true)
    {
        _fused = fusedSearch && FusedWordSearch.IsSupported;
    }

    /// <summary>Lines in the last scan.</summary>
    public int Count => _count;

    /// <summary>Line <paramref name="index"/> of the last scan (of a batch, made a string if it was not).</summary>
    public string LineOf(int index) => _batch is { } batch ? batch[index] : _scanned[index];

    /// <summary>Whether <paramref name="line"/> is line <paramref name="index"/> of the last scan: the very string scanned,
    /// or the very string its batch made for that line (a line never made a string cannot have been handed out).</summary>
    public bool Holds(int index, string line)
    {
        if (index >= _count)
        {
            return false;
        }
        return _batch is { } batch
            ? IsLastScanned(batch) && ReferenceEquals(batch.StringIfMade(index), line)
            : ReferenceEquals(_scanned[index], line);
    }

    /// <summary>Whether line <paramref name="index"/> of <paramref name="batch"/> is line <paramref name="index"/> of the
    /// last scan: the same batch, not cleared since.</summary>
    public bool Holds(FramedBatch batch, int index) => index < _count && IsLastScanned(batch);

    // The batch of the last scan, not cleared and filled again since.
    private bool IsLastScanned(FramedBatch batch) => ReferenceEquals(batch, _batch) && batch.Generation == _generation;

    /// <summary>What the last <see cref="Scan(IReadOnlyList{string})"/> found line <paramref name="index"/> of its batch may hold.</summary>
    public LineHints HintOf(int index) => index < _factsFrom ? _hints[index] | LineHints.FactsNotSearched : _hints[index];

    /// <summary>
    /// Searches the scanned batch's lines from <paramref name="index"/> on for fact words, if they were not yet, and
    /// returns <paramref name="hints"/> (line <paramref name="index"/>'s) with what it found for that line.
    /// </summary>
    /// <remarks>
    /// Why not with the header markers: fact words matter only to the lines of an open report, and most batches of an
    /// ordinary console have none; the search, a quarter of the pre-scan's time, is left until a report's first line in
    /// the batch needs it, then runs once over the rest of the batch (a crash-dense console pays it as before).
    /// </remarks>
    public LineHints SearchFacts(int index, LineHints hints)
    {
        SearchFactsFrom(index);
        return (hints & ~LineHints.FactsNotSearched) | (_hints[index] & LineHints.MayHoldFact);
    }

    // Searches the scanned batch's lines from `index` up to the first one searched already (the search always runs to the
    // batch's end, so the lines searched are those from _factsFrom on) for fact words, and, in a scan for the kdump
    // tracker, for its capture words (LineHints.MayHoldCaptureWord). A line found for a capture word alone is flagged as
    // holding a fact too: the flag only says "may", and the detector's own test of the line then finds none.
    private void SearchFactsFrom(int index)
    {
        if (index >= _factsFrom || _batch is not { } batch)
        {
            return;
        }
        SearchValues<string> words = _forKdump ? FactAndCaptureWords : LineFactsReader.AnyWord;
        foreach (int line in new LineFinds(batch.JoinedText, batch.Starts, words, index))
        {
            if (line >= _factsFrom)
            {
                break;
            }
            _hints[line] |= LineHints.MayHoldFact;
            if (_forKdump && batch.TextOf(line).ContainsAny(KdumpAnchors.CaptureWordSet))
            {
                _hints[line] |= LineHints.MayHoldCaptureWord;
            }
        }
        _factsFrom = index;
    }

    /// <summary>Scans <paramref name="lines"/>; <see cref="HintOf"/> then answers for each.</summary>
    public void Scan(IReadOnlyList<string> lines)
    {
        Prepare(lines.Count);
        _batch = null;
        int from = 0;
        while (from < lines.Count)
        {
            from = ScanPart(lines, from);
        }
    }

    /// <summary>Scans the lines of <paramref name="batch"/> where the framer laid them out: nothing is copied, and no line
    /// is made a string.</summary>
    public void Scan(FramedBatch batch)
    {
        if (_fused)
        {
            // Every word in one pass, the fact words with them (they cost the fused pass next to nothing).
            ScanFused(batch, kdump: false, kdumpCaptureWords: false);
            return;
        }
        Begin(batch);
        FlagMarkers(batch.JoinedText, batch.Starts, _hints.AsSpan(0, batch.Count));
        _factsFrom = batch.Count;
    }

    /// <summary>
    /// <see cref="Scan(FramedBatch)"/>, and flags the lines that may matter to the kdump tracker
    /// (<see cref="LineHints.MayMatterToKdump"/>) and those that may begin a hardware event
    /// (<see cref="LineHints.MayBeginHardware"/>), so a console read for all three walks each batch as few times as it
    /// can: the trackers' words that are also the detector's ("Kernel panic", "Oops", "BUG: unable to handle",
    /// "reboot: "…) are looked for only on the lines this scan found a header marker on; the trackers' own words are one
    /// search of rare anchors (<see cref="TrackerWords"/>); the words only a dump attempt needs, only with
    /// <paramref name="kdumpCaptureWords"/> (KdumpTracker.WantsCaptureWords), in the fact-word search, which then runs over
    /// the whole batch at once (<see cref="FactAndCaptureWords"/>). Without <paramref name="kdump"/> only the hardware
    /// events' lines are flagged.
    /// </summary>
    public void Scan(FramedBatch batch, bool kdump, bool kdumpCaptureWords)
    {
        if (_fused)
        {
            ScanFused(batch, kdump, kdumpCaptureWords);
            return;
        }
        Scan(batch);
        _forKdump = kdump;
        ReadOnlySpan<char> text = batch.JoinedText;
        ReadOnlySpan<int> starts = batch.Starts;
        Span<LineHints> hints = _hints.AsSpan(0, batch.Count);
        foreach (SearchValues<string> words in kdump ? TrackerWords : HardwareWords)
        {
            foreach (int line in new LineFinds(text, starts, words))
            {
                // A line an earlier set found was tested whole then.
                if ((hints[line] & LineHints.MayBeginHardware) != 0 || (kdump && (hints[line] & LineHints.MayMatterToKdump) != 0))
                {
                    continue;
                }
                ReadOnlySpan<char> whole = batch.TextOf(line);
                if (kdump && KdumpAnchors.MayMatter(whole))
                {
                    hints[line] |= LineHints.MayMatterToKdump;
                }
                if (HardwareAnchors.MayBegin(whole))
                {
                    hints[line] |= LineHints.MayBeginHardware;
                }
            }
        }
        if (!kdump)
        {
            return;
        }
        if (kdumpCaptureWords)
        {
            // With the fact words, not the tracker's own: measured over the bench's inputs, the tracker's words and these
            // in one set of 27 cost 16.7 ms per 33 MB of boot logs (14.9 crash-dense) against 9.7 (11.8) for two passes.
            // A multi-string search's cost depends on how its words share the eight fingerprint buckets, not on their
            // number alone, and a crowded set lets through far more candidates to check.
            FlagCaptureWords(0);
        }
        for (int i = 0; i < hints.Length; i++)
        {
            if ((hints[i] & (LineHints.MayHoldMarker | LineHints.MayMatterToKdump)) == LineHints.MayHoldMarker
                && KdumpAnchors.HoldsDetectorWord(batch.TextOf(i)))
            {
                hints[i] |= LineHints.MayMatterToKdump;
            }
        }
    }

    // Scan(batch, kdump, kdumpCaptureWords) in one fused pass: every line's hints as the separate passes give them (the
    // fact words searched at once, a crash header's word of the tracker flagging its line), then the tracker's own test
    // of each line a kdump anchor was found on.
    private void ScanFused(FramedBatch batch, bool kdump, bool kdumpCaptureWords)
    {
        Begin(batch);
        _factsFrom = 0;
        _forKdump = kdump;
        Span<LineHints> hints = _hints.AsSpan(0, batch.Count);
        (kdump ? KdumpWordsFused : DetectorWordsFused).Value.Flag(batch.JoinedText, batch.Starts, hints);
        if (!kdump)
        {
            return;
        }
        for (int i = 0; i < hints.Length; i++)
        {
            LineHints h = hints[i];
            if ((h & (LineHints.MayHoldKdumpWord | LineHints.MayMatterToKdump)) == LineHints.MayHoldKdumpWord
                && KdumpAnchors.MayMatter(batch.TextOf(i)))
            {
                hints[i] = h | LineHints.MayMatterToKdump;
            }
        }
        if (kdumpCaptureWords)
        {
            FlagCaptureWords(0);
        }
    }

    /// <summary>
    /// Flags the lines from <paramref name="from"/> on that may matter for <see cref="KdumpAnchors.CaptureWords"/> (a
    /// capture word and an anchor of the tracker: <see cref="KdumpAnchors.MayMatterForCaptureWords"/>): at the scan when
    /// the tracker wanted them then, or when a dump attempt has just begun within the batch. The batch's fact-word search,
    /// which holds the capture words in a scan for the tracker, runs from there on if it did not yet; a line it found
    /// already needs no new search. False when the last scan was no framed batch made for the tracker, or its batch was
    /// cleared since (nothing flagged).
    /// </summary>
    /// <remarks>Why not line by line as they come: on a crash-dense console an attempt begins in nearly every batch, and
    /// checking each later line alone (a fifth of all lines) cost more than the tracker's whole batch search. Why with
    /// the fact words: see <see cref="FactAndCaptureWords"/>; an attempt begins at a crash line, inside a report whose
    /// lines the detector has the fact words searched for anyway.</remarks>
    public bool FlagCaptureWords(int from)
    {
        if (_batch is not { } batch || !IsLastScanned(batch) || !_forKdump)
        {
            return false;
        }
        if (from >= batch.Count)
        {
            return true;
        }
        if (from >= _captureWordsFrom)
        {
            return true;
        }
        SearchFactsFrom(from);
        Span<LineHints> hints = _hints.AsSpan(0, Math.Min(batch.Count, _captureWordsFrom));
        for (int line = from; line < hints.Length; line++)
        {
            LineHints h = hints[line];
            if ((h & (LineHints.MayHoldCaptureWord | LineHints.MayMatterToKdump)) == LineHints.MayHoldCaptureWord
                && KdumpAnchors.Confirmed(batch.TextOf(line)))
            {
                hints[line] = h | LineHints.MayMatterToKdump;
            }
        }
        _captureWordsFrom = from;
        return true;
    }

    // A framed batch's scan begins: the hints cleared, the batch and its generation remembered (IsLastScanned).
    private void Begin(FramedBatch batch)
    {
        Prepare(batch.Count);
        _batch = batch;
        _generation = batch.Generation;
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
        _factsFrom = 0;
        _forKdump = false;
        _captureWordsFrom = int.MaxValue;
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
        FlagMarkers(text, starts, hints);
        foreach (int line in new LineFinds(text, starts, LineFactsReader.AnyWord))
        {
            hints[line] |= LineHints.MayHoldFact;
        }
    }

    // Flags the lines of `text` that hold a header marker's anchor.
    private static void FlagMarkers(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, Span<LineHints> hints)
    {
        foreach (SearchValues<string> markers in HeaderRecognizer.MarkerSets)
        {
            foreach (int line in new LineFinds(text, starts, markers))
            {
                hints[line] |= LineHints.MayHoldMarker;
            }
        }
    }
}
