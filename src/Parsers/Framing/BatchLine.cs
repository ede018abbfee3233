namespace SolWatch.Parsers.Framing;

/// <summary>
/// A line to be read: a string, or a line of a <see cref="FramedBatch"/> made a string only when <see cref="Text"/> is
/// asked for (the batch keeps it, so it is made once). <see cref="Span"/> reads its characters without making one.
/// </summary>
internal readonly struct BatchLine
{
    private readonly string? _text;
    private readonly FramedBatch? _batch;
    private readonly int _index;

    /// <summary>A line given as a string.</summary>
    public BatchLine(string text) => _text = text;

    /// <summary>Line <paramref name="index"/> of <paramref name="batch"/>.</summary>
    public BatchLine(FramedBatch batch, int index)
    {
        _batch = batch;
        _index = index;
    }

    /// <summary>The line as a string (made now if it was not).</summary>
    public string Text => _text ?? _batch![_index];

    /// <summary>The line's characters.</summary>
    public ReadOnlySpan<char> Span => _text is not null ? _text.AsSpan() : _batch!.TextOf(_index);
}
