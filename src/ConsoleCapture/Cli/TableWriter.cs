namespace SolWatch.ConsoleCapture.Cli;

/// <summary>Left-aligned text columns for people (scripts use <c>--json</c>). Cells are escaped for the terminal
/// (<see cref="TerminalText"/>) as they are added, so the columns line up with what is printed.</summary>
internal sealed class TableWriter
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TableWriter(params string[] headers)
    {
        _headers = headers;
    }

    /// <summary>A time as the tables show it: UTC to the second; null stays null (shown as "-").</summary>
    public static string? Time(DateTimeOffset? t) =>
        t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public void Add(params string?[] cells) => _rows.Add([.. cells.Select(c => c is null ? "-" : TerminalText.Escape(c))]);

    public void Write(TextWriter output)
    {
        int[] widths = [.. _headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max())];
        WriteRow(output, _headers, widths);
        foreach (string[] row in _rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        // The last column is not padded: it is usually the long free text (title, detail).
        output.WriteLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
    }
}
