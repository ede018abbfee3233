namespace SolWatch.Parsers.Framing;

/// <summary>The framer's part in reading <c>dmesg --json</c>: see <see cref="DmesgJsonRecords"/>.</summary>
public sealed partial class LineFramer
{
    // Asked about the first lines only: once they show the stream is not dmesg's document (nearly every stream, at its
    // first line's bytes), it is dropped and lines go straight to the caller's batch.
    private DmesgJsonRecords? _dmesgJson = new();
    // The framed lines of a read while dmesg's document is being read, before they become console lines.
    private FramedBatch? _dmesgJsonLines;

    private void AddLines(FramedBatch batch, ReadOnlySpan<byte> utf8, ReadOnlySpan<int> lineEnds, ReadOnlySpan<long> fileLines)
    {
        if (_dmesgJson is null || !_dmesgJson.Wants(utf8, lineEnds))
        {
            _dmesgJson = null;
            batch.AddUtf8Lines(utf8, lineEnds, fileLines);
            return;
        }
        FramedBatch framed = _dmesgJsonLines ??= new FramedBatch();
        framed.AddUtf8Lines(utf8, lineEnds, fileLines);
        _dmesgJson.Take(framed, batch);
        framed.Clear();
        if (_dmesgJson.NotJson)
        {
            _dmesgJson = null;
            _dmesgJsonLines = null;
        }
    }
}
