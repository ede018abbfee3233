using System.Globalization;
using System.Text;

namespace SolWatch.Storage.Transcripts;

/// <summary>One record of a raw transcript's index: a time mark or a gap at a byte offset of its raw file.</summary>
/// <param name="Offset">Byte offset in the raw file (its part, not the whole stream).</param>
/// <param name="At">Mark: when the byte at <paramref name="Offset"/> was received. Gap: when it was noticed.</param>
/// <param name="Gap">Null for a mark; for a gap, why output may be missing between the bytes before and after.</param>
internal sealed record RawIndexRecord(long Offset, DateTimeOffset At, string? Gap);

/// <summary>
/// The index beside a raw transcript file (<c>current.raw.idx</c>), one text record per line, so the raw file holds
/// nothing but the console's bytes:
/// <code>
/// 2026-11-26T07:53:01.1234567Z @0
/// 2026-11-26T07:53:02.5000000Z @18230
/// 2026-11-26T07:53:09.0000000Z @20417 ! disconnected: connection reset by peer
/// </code>
/// A mark says when the byte at that offset arrived; marks are written for the first byte of a file and then at most
/// <see cref="MarkInterval"/> apart, so every byte between two marks arrived within that interval after the first.
/// </summary>
internal static class RawIndexFormat
{
    /// <summary>Longest receive-time span covered by one mark (the time resolution of raw reads).</summary>
    public static readonly TimeSpan MarkInterval = TimeSpan.FromSeconds(1);

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const int TimeLength = 28;

    public static byte[] Mark(long offset, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(FormattableString.Invariant($"{Time(at)} @{offset}\n"));

    public static byte[] Gap(long offset, DateTimeOffset at, string reason)
    {
        // One record per line: a stray line break in a reason becomes a visible symbol.
        var clean = reason.Replace('\n', '\u2424').Replace('\r', '\u240D');
        return Encoding.UTF8.GetBytes(FormattableString.Invariant($"{Time(at)} @{offset} ! {clean}\n"));
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses one record (without its newline); null for a damaged one (cut short by a crash).</summary>
    public static RawIndexRecord? Parse(string line)
    {
        if (line.Length < TimeLength + 3 || line[TimeLength] != ' ' || line[TimeLength + 1] != '@'
            || !DateTime.TryParseExact(line.AsSpan(0, TimeLength), TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return null;
        }

        var rest = line.AsSpan(TimeLength + 2);
        var space = rest.IndexOf(' ');
        var number = space < 0 ? rest : rest[..space];
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return null;
        }

        var at = new DateTimeOffset(time.Ticks, TimeSpan.Zero);
        if (space < 0)
        {
            return new RawIndexRecord(offset, at, null);
        }

        var tail = rest[space..];
        return tail.StartsWith(" ! ", StringComparison.Ordinal) ? new RawIndexRecord(offset, at, tail[3..].ToString()) : null;
    }

    /// <summary>
    /// The records of an index file, in file order: <paramref name="path"/>, or its gzipped twin when it was
    /// compressed meanwhile (rotation, retention sweep); none when neither exists.
    /// </summary>
    public static List<RawIndexRecord> ReadAll(string path)
    {
        var records = new List<RawIndexRecord>();
        TextReader reader;
        try
        {
            reader = TranscriptParts.OpenText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            try
            {
                reader = TranscriptParts.OpenText(path + ".gz");
            }
            catch (Exception gz) when (gz is FileNotFoundException or DirectoryNotFoundException)
            {
                return records;
            }
        }

        using (reader)
        {
            while (reader.ReadLine() is { } line)
            {
                if (Parse(line) is { } record)
                {
                    records.Add(record);
                }
            }
        }

        return records;
    }
}
