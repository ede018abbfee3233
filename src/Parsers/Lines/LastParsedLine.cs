namespace SolWatch.Parsers.Lines;

/// <summary>
/// <see cref="LinePrefix.Parse"/> remembered for the last line it took apart, so that the second reader of the same line
/// (the same string) gets it without parsing it again. One console's readers share one: on a crash-dense console the kdump
/// tracker and the detector both take apart nearly every report line, one right after the other. Not thread-safe, like
/// the readers it serves.
/// </summary>
internal sealed class LastParsedLine
{
    private string? _raw;
    private KernelLine _parsed;

    /// <summary><see cref="LinePrefix.Parse"/> of <paramref name="raw"/>: the answer kept when it is the line taken apart
    /// last (the same string object; LinePrefix.Parse depends on nothing else).</summary>
    public KernelLine Parse(string raw)
    {
        if (!ReferenceEquals(raw, _raw))
        {
            _parsed = LinePrefix.Parse(raw);
            _raw = raw;
        }
        return _parsed;
    }
}
