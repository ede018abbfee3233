using System.Text.Json;
using SolWatch.Storage.Files;

namespace SolWatch.Storage.Alerts;

/// <summary>
/// The bounded record of alert deliveries: a JSON Lines file (0600) next to the incident database, newest last,
/// and the same records in memory for the API. Bounded because a panic storm can fire thousands of alerts: past
/// <see cref="MaxRecords"/> the file is rewritten with its newest half. Kept out of the incident database on purpose:
/// a failing alert destination must never queue work in front of the store's single writer.
/// </summary>
public sealed class AlertDeliveryLog
{
    // Relaxed escaping: a person reads this file too, and titles quote console text.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _gate = new();
    private readonly LinkedList<AlertDelivery> _recent = new();
    private readonly string _path;
    private readonly int _maxRecords;
    private long _seq;
    private int _lines;

    /// <summary>Opens (or creates) the log at <paramref name="path"/>, reading what earlier runs recorded.</summary>
    public AlertDeliveryLog(string path, int maxRecords = DefaultMaxRecords)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 2);
        _path = path;
        _maxRecords = maxRecords;
        foreach (AlertDelivery d in Read(path).TakeLast(maxRecords))
        {
            _recent.AddLast(d);
            _seq = Math.Max(_seq, d.Seq);
        }
        _lines = _recent.Count;
        EndTornLine(path);
    }

    /// <summary>Records kept by default.</summary>
    public const int DefaultMaxRecords = 10_000;

    /// <summary>The file, for messages.</summary>
    public string Path => _path;

    /// <summary>The most records kept.</summary>
    public int MaxRecords => _maxRecords;

    /// <summary>The log of the incident database <paramref name="database"/>: <c>DATABASE.alerts.jsonl</c>.</summary>
    public static string FileFor(string database) => database + ".alerts.jsonl";

    /// <summary>
    /// Appends <paramref name="delivery"/> (its <see cref="AlertDelivery.Seq"/> is assigned here) and returns it. A
    /// file that cannot be written loses the record on disk only; it stays in memory, and the error is returned to the
    /// caller through <paramref name="problem"/> for its log.
    /// </summary>
    public AlertDelivery Append(AlertDelivery delivery, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        problem = null;
        lock (_gate)
        {
            AlertDelivery numbered = delivery with { Seq = ++_seq };
            _recent.AddLast(numbered);
            while (_recent.Count > _maxRecords)
            {
                _recent.RemoveFirst();
            }
            try
            {
                if (_lines + 1 > _maxRecords)
                {
                    // Keep the newest half: the file stays between half and all of MaxRecords lines.
                    Rewrite(_recent.Skip(_recent.Count - (_maxRecords / 2)));
                }
                else
                {
                    PrivateFiles.EnsureDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path))!);
                    using FileStream stream = PrivateFiles.OpenAppend(_path);
                    byte[] line = JsonSerializer.SerializeToUtf8Bytes(numbered, Json);
                    stream.Write(line);
                    stream.WriteByte((byte)'\n');
                    _lines++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"cannot write the alert delivery log {_path}: {e.Message}";
            }
            return numbered;
        }
    }

    /// <summary>The newest <paramref name="limit"/> records, oldest first.</summary>
    public IReadOnlyList<AlertDelivery> Recent(int limit)
    {
        lock (_gate)
        {
            return [.. _recent.Skip(Math.Max(0, _recent.Count - limit))];
        }
    }

    /// <summary>
    /// Reads a log file (oldest first); a missing file is empty, and a line that is not a record (cut short by a
    /// crash mid-write) is skipped.
    /// </summary>
    public static IReadOnlyList<AlertDelivery> Read(string path)
    {
        var result = new List<AlertDelivery>();
        if (!File.Exists(path))
        {
            return result;
        }
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize<AlertDelivery>(line, Json) is { Rule: not null, Result: not null } d)
                {
                    result.Add(d);
                }
            }
            catch (JsonException)
            {
                // A torn last line: what came before it is still good.
            }
        }
        return result;
    }

    // A record cut short by a crash has no newline: the next record must not be glued to it (and lost with it).
    private static void EndTornLine(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            if (stream.Length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                if (stream.ReadByte() != '\n')
                {
                    stream.WriteByte((byte)'\n');
                }
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Nothing recorded yet.
        }
    }

    private void Rewrite(IEnumerable<AlertDelivery> keep)
    {
        string temporary = _path + ".tmp";
        int count = 0;
        using (FileStream stream = PrivateFiles.Create(temporary))
        {
            foreach (AlertDelivery d in keep)
            {
                stream.Write(JsonSerializer.SerializeToUtf8Bytes(d, Json));
                stream.WriteByte((byte)'\n');
                count++;
            }
        }
        File.Move(temporary, _path, overwrite: true);
        _lines = count;
    }
}
