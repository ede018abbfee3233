namespace SolWatch.Storage.Transcripts;

/// <summary>Reads one console's transcript back: rotated parts oldest first, then the current file.</summary>
internal static class TranscriptReader
{
    public static IEnumerable<TranscriptLine> Read(string directory, DateTimeOffset? since)
    {
        var parts = TranscriptParts.List(directory);
        var files = new List<string>(parts.Count + 1);
        for (var i = 0; i < parts.Count; i++)
        {
            // Part i holds lines received before part i+1's first line, which is less than a second after the
            // next part's (whole-second) name: skip parts that end before `since`.
            if (since is { } s && i + 1 < parts.Count && parts[i + 1].Start.AddSeconds(1) <= s)
            {
                continue;
            }

            files.Add(parts[i].Path);
        }

        files.Add(Path.Combine(directory, TranscriptParts.CurrentName));
        foreach (var file in files)
        {
            foreach (var line in ReadFile(file))
            {
                if (since is null || line.ReceivedAt >= since)
                {
                    yield return line;
                }
            }
        }
    }

    private static IEnumerable<TranscriptLine> ReadFile(string path)
    {
        TextReader reader;
        try
        {
            reader = TranscriptParts.OpenText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // No transcript yet, or a part compressed since listing (its .gz twin holds the same lines).
            if (path.EndsWith(".log", StringComparison.Ordinal) && File.Exists(path + ".gz"))
            {
                reader = TranscriptParts.OpenText(path + ".gz");
            }
            else
            {
                yield break;
            }
        }

        using (reader)
        {
            while (reader.ReadLine() is { } text)
            {
                // A damaged record does not parse and is skipped (one cut short by a crash keeps what was written).
                if (TranscriptLineFormat.Parse(text) is { } line)
                {
                    yield return line;
                }
            }
        }
    }
}
