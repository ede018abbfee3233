using System.Globalization;
using System.IO.Compression;
using SolWatch.Storage.Files;

namespace SolWatch.Storage.Transcripts;

/// <summary>
/// The files of one stream of a console's transcript (<see cref="TranscriptFileKind"/>): the lines in
/// <c>current.log</c> and rotated parts named after the receive time of their first line,
/// <c>YYYYMMDDTHHMMSSZ[-N].log.gz</c> (<c>-N</c> when two parts start in the same second; a plain <c>.log</c> part
/// is one whose compression has not finished); the raw bytes likewise in <c>current.raw</c> and <c>….raw.gz</c>.
/// </summary>
internal static class TranscriptParts
{
    public const string CurrentName = "current.log";
    private const string StampFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>One rotated part.</summary>
    public sealed record Part(string Path, DateTimeOffset Start, int Sequence, bool Compressed);

    /// <summary>The rotated line parts, oldest first.</summary>
    public static List<Part> List(string directory) => List(directory, TranscriptFileKind.Lines);

    /// <summary>The rotated parts of one stream, oldest first.</summary>
    public static List<Part> List(string directory, TranscriptFileKind kind)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var parts = new Dictionary<(DateTimeOffset, int), Part>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            if (TryParse(path, kind) is { } part
                && (!parts.TryGetValue((part.Start, part.Sequence), out var known) || part.Compressed && !known.Compressed))
            {
                // A .gz exists only once complete (written as .gz.tmp, then renamed): it wins over a plain leftover.
                parts[(part.Start, part.Sequence)] = part;
            }
        }

        return [.. parts.Values.OrderBy(p => p.Start).ThenBy(p => p.Sequence)];
    }

    private static Part? TryParse(string path, TranscriptFileKind kind)
    {
        var name = System.IO.Path.GetFileName(path);
        var compressed = name.EndsWith(kind.Extension + ".gz", StringComparison.Ordinal);
        if (!compressed && !name.EndsWith(kind.Extension, StringComparison.Ordinal) || name == kind.CurrentName)
        {
            return null;
        }

        var stem = name[..name.IndexOf(kind.Extension, StringComparison.Ordinal)];
        var sequence = 0;
        var dash = stem.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            if (!int.TryParse(stem.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
            {
                return null;
            }

            stem = stem[..dash];
        }

        return DateTime.TryParseExact(stem, StampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
            ? new Part(path, new DateTimeOffset(start.Ticks, TimeSpan.Zero), sequence, compressed)
            : null;
    }

    /// <summary>Renames <c>current.log</c> to a new part named after its first line's time; returns the part's path.</summary>
    public static string RotateCurrent(string directory, DateTimeOffset firstLineAt) =>
        RotateCurrent(directory, firstLineAt, TranscriptFileKind.Lines, beforeMove: null);

    /// <summary>
    /// Renames the current file of <paramref name="kind"/> to a new part named after its first record's time;
    /// <paramref name="beforeMove"/> is called with the part's path first (to move a companion file along).
    /// Returns the part's path.
    /// </summary>
    public static string RotateCurrent(string directory, DateTimeOffset firstAt, TranscriptFileKind kind, Action<string>? beforeMove)
    {
        var stamp = firstAt.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture);
        for (var sequence = 0; ; sequence++)
        {
            var stem = sequence == 0 ? stamp : $"{stamp}-{sequence}";
            var target = System.IO.Path.Combine(directory, stem + kind.Extension);
            if (!File.Exists(target) && !File.Exists(target + ".gz"))
            {
                beforeMove?.Invoke(target);
                File.Move(System.IO.Path.Combine(directory, kind.CurrentName), target);
                return target;
            }
        }
    }

    /// <summary>
    /// Gzips a plain part: to <c>.gz.tmp</c>, renamed to <c>.gz</c> when complete, then the plain file is deleted.
    /// On failure (disk full) the plain part stays, readable, and is compressed on a later sweep.
    /// </summary>
    public static void Compress(string plainPath)
    {
        var gz = plainPath + ".gz";
        var tmp = gz + ".tmp";
        try
        {
            using (var source = File.OpenRead(plainPath))
            using (var target = PrivateFiles.Create(tmp))
            using (var gzip = new GZipStream(target, CompressionLevel.Optimal))
            {
                source.CopyTo(gzip);
            }

            File.Move(tmp, gz, overwrite: true);
            File.Delete(plainPath);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    /// <summary>Opens a part (or the current file) for reading, decompressing on the fly.</summary>
    /// <summary>Whether the file's last byte is a newline (a file cut mid-line by a crash is not).</summary>
    public static bool EndsWithNewline(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }

    public static TextReader OpenText(string path) => new StreamReader(OpenBinary(path));

    /// <summary>Opens a part (or the current file) as bytes, decompressing on the fly; a damaged or cut-off compressed
    /// part ends where the damage is (<see cref="GzipInputStream"/>), what came before it still read.</summary>
    public static Stream OpenBinary(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return path.EndsWith(".gz", StringComparison.Ordinal) ? GzipInputStream.Open(stream) : stream;
    }
}
