using System.Globalization;
using System.Text;

namespace SolWatch.Storage.Transcripts;

/// <summary>
/// One transcript line on disk: the receive time with full tick precision, a marker, the text.
/// <code>
/// 2026-11-26T07:53:01.1234567Z | [   12.345678] BUG: kernel NULL pointer dereference
/// 2026-11-26T07:53:09.0000000Z ! gap: disconnected: connection reset by peer
/// </code>
/// <c>|</c> marks console output, <c>!</c> a gap (output may be missing here), so no console text can pass for a
/// gap. Readable with <c>less</c> and <c>zgrep</c>; sortable as text.
/// </summary>
internal static class TranscriptLineFormat
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const int TimeLength = 28;
    private const string GapPrefix = "gap: ";

    public static string Format(DateTimeOffset receivedAt, string text, bool isGap)
    {
        var time = receivedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        // Framed lines hold no line breaks; a stray one would split the record, so it becomes a visible symbol.
        var clean = text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace('\n', '\u2424').Replace('\r', '\u240D')
            : text;
        return isGap ? $"{time} ! {GapPrefix}{clean}\n" : $"{time} | {clean}\n";
    }

    public static byte[] ToBytes(DateTimeOffset receivedAt, string text, bool isGap) =>
        Encoding.UTF8.GetBytes(Format(receivedAt, text, isGap));

    /// <summary>Parses one line (without its newline); null for a line that is not a transcript record.</summary>
    public static TranscriptLine? Parse(string line)
    {
        if (line.Length < TimeLength + 3 || line[TimeLength] != ' ' || line[TimeLength + 2] != ' ')
        {
            return null;
        }

        if (!DateTime.TryParseExact(line.AsSpan(0, TimeLength), TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return null;
        }

        var at = new DateTimeOffset(time.Ticks, TimeSpan.Zero);
        var text = line[(TimeLength + 3)..];
        return line[TimeLength + 1] switch
        {
            '|' => new TranscriptLine(at, text),
            '!' => new TranscriptLine(at, text.StartsWith(GapPrefix, StringComparison.Ordinal) ? text[GapPrefix.Length..] : text) { IsGap = true },
            _ => null,
        };
    }

    /// <summary>The receive time at the start of a record, if it is one.</summary>
    public static DateTimeOffset? TimeOf(string line) => Parse(line)?.ReceivedAt;
}
