namespace SolWatch.Storage.Transcripts;

/// <summary>
/// One of the two streams kept per console: the framed lines (<c>current.log</c>, parts <c>….log.gz</c>) or the raw
/// bytes (<c>current.raw</c>, parts <c>….raw.gz</c>, each with its index <c>….raw.idx</c>).
/// </summary>
/// <param name="CurrentName">The file being written.</param>
/// <param name="Extension">The extension of rotated parts (before <c>.gz</c>).</param>
internal sealed record TranscriptFileKind(string CurrentName, string Extension)
{
    /// <summary>The line transcript.</summary>
    public static TranscriptFileKind Lines { get; } = new(TranscriptParts.CurrentName, ".log");

    /// <summary>The raw byte transcript.</summary>
    public static TranscriptFileKind Raw { get; } = new("current.raw", ".raw");

    /// <summary>The index beside a raw file (current or rotated part, before compression).</summary>
    public static string IndexOf(string rawPath) => rawPath + ".idx";
}
